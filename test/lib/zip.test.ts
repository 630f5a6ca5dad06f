import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { crc32, zipStream } from "../../src/lib/zip";

const bytesOf = (stream: ReadableStream<Uint8Array>) => new Response(stream).arrayBuffer();

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let index = 0;
  return new ReadableStream({
    pull(controller) {
      if (index < chunks.length) controller.enqueue(encoder.encode(chunks[index++]));
      else controller.close();
    },
  });
}

describe("ZIP writer (deflated, streamed)", () => {
  it("CRC-32 as ZIP computes it (check values of the standard)", () => {
    const text = (value: string) => new TextEncoder().encode(value);
    expect(crc32(text("123456789"))).toBe(0xcbf43926);
    expect(crc32(text(""))).toBe(0);
    expect(crc32(text("6789"), crc32(text("12345")))).toBe(0xcbf43926);
  });

  it("an archive JSZip reads back with its CRC-32 checked: UTF-8 names, text and streamed entries, deflated", async () => {
    const big = Array.from({ length: 3000 }, (_, index) => `<row r="${index}"><c><is><t>Đường ngập sau mưa số ${index}</t></is></c></row>`);
    const modified = new Date("2026-03-02T01:02:04.000Z");
    const archive = await bytesOf(
      zipStream([
        { name: "[Content_Types].xml", input: "<Types/>", lastModified: modified },
        { name: "xl/worksheets/sheet1.xml", input: streamOf(big), lastModified: modified },
        { name: "thư mục/tệp.txt", input: "Tiếng Việt có dấu", lastModified: modified },
        { name: "empty.txt", input: "", lastModified: modified },
      ]),
    );
    const zip = await JSZip.loadAsync(archive, { checkCRC32: true });
    expect(Object.keys(zip.files)).toEqual(["[Content_Types].xml", "xl/worksheets/sheet1.xml", "thư mục/tệp.txt", "empty.txt"]);
    expect(await zip.file("xl/worksheets/sheet1.xml")?.async("string")).toBe(big.join(""));
    expect(await zip.file("thư mục/tệp.txt")?.async("string")).toBe("Tiếng Việt có dấu");
    expect(await zip.file("empty.txt")?.async("string")).toBe("");
    // Local time (Vietnam) to the even second, as MS-DOS stores it.
    expect(zip.file("empty.txt")?.date.getUTCHours()).toBe(8);
    // Deflated: far smaller than the sheet's XML.
    expect(archive.byteLength).toBeLessThan(big.join("").length / 5);
  });
});
