// LibreOffice (headless) opening our XLSX exports, as an office would: what it shows must be what the CSV says.
// Needs `soffice` (Debian: libreoffice-calc-nogui; .ci/run installs it).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const SOFFICE = process.env.SOFFICE_PATH ?? "soffice";

/** LibreOffice's CSV of a spreadsheet, cells as shown (dates as formatted), UTF-8, in a profile of its own. */
export function libreOfficeCsv(xlsxPath, workDir) {
  const profile = mkdtempSync(join(tmpdir(), "lo-profile-"));
  const outdir = join(workDir, "lo");
  // Filter options: comma, double quotes, UTF-8 (76), from line 1, …, "save cell contents as shown" (9th) on.
  const filter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false";
  const result = spawnSync(SOFFICE, [`-env:UserInstallation=file://${profile}`, "--headless", "--convert-to", filter, "--outdir", outdir, xlsxPath], {
    encoding: "utf8",
    timeout: 120_000,
  });
  rmSync(profile, { recursive: true, force: true });
  if (result.error?.code === "ENOENT") assert.fail("soffice not found: apt-get install -y libreoffice-calc-nogui");
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
  return readFileSync(
    join(
      outdir,
      xlsxPath
        .split("/")
        .pop()
        .replace(/\.xlsx$/, ".csv"),
    ),
    "utf8",
  );
}
