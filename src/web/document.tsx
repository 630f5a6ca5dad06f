/**
 * A printable A4 document laid out as Vietnamese administrative documents are (Nghị định 30/2020/NĐ-CP on
 * clerical work, Phụ lục I: the format elements and where each goes on the page), so that a commune can print a
 * report, sign it, stamp it and file it. The print styles are in `public/static/document.css`.
 *
 * Rules used (Phụ lục I as summarised by lawnet.vn "How to draft a standard administrative document according to
 * Decree 30" and trademarkvn.com.vn "Latest guidance on administrative document presentation techniques"; the font
 * sizes and rules under the title lines as in the kindred Quyết định 393/QĐ-VKSTC, quoted by thuviennhadat.vn):
 * - A4 portrait; margins top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm; Times New Roman, black; page
 *   numbers from the second page, centred at the top (document.css).
 * - Box 1, top right: the national title "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" (capitals, bold, 12–13 pt) and under it
 *   the motto "Độc lập - Tự do - Hạnh phúc" (bold, 13–14 pt, initials capitalised, hyphens with spaces), with a
 *   solid rule as long as the motto beneath.
 * - Box 2, top left: the issuing body in capitals, bold (its parent body above it, not bold), a short solid rule
 *   beneath; box 3 under it: "Số: 05/BC-UBND" (numbers below 10 with a leading zero).
 * - Box 4, under the motto: place and date in italics, "An Khê, ngày 05 tháng 3 năm 2026" (days below 10 and the
 *   months 1 and 2 with a leading zero).
 * - Box 5a: the kind of document in capitals, bold, centred ("BÁO CÁO"), the summary of its subject under it, bold.
 * - Box 6: the body. Box 7: the signature block — the authority ("TM. ỦY BAN NHÂN DÂN"), the position ("CHỦ TỊCH")
 *   in capitals, bold; space to sign and stamp; the signer's full name in bold, no titles before it.
 * - Box 9a, bottom left: "Nơi nhận:" (bold italic, 12 pt) and the recipients, one per line starting "- " and ending
 *   ";", the last "- Lưu: VT." (11 pt).
 * The fixed phrases here are the legal form, not interface text: a document is written in Vietnamese whatever the
 * reader's language, so the whole frame is `lang="vi"`.
 */
import type { Child } from "hono/jsx";

export const NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
export const NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc";

export type AdministrativeDocumentProps = {
  /** Box 2: the issuing body ("Ủy ban nhân dân xã An Khê"), and the body above it when there is one. */
  issuer: { name: string; parent?: string };
  /** Box 3: the number (blank on a draft, filled in by the clerk when it is registered) and symbol ("BC-UBND"). */
  number?: number | null;
  symbol: string;
  /** Box 4: the place name and the local day (`YYYY-MM-DD`; blank when the document is dated by hand). */
  place: string;
  date?: string | null;
  /** Box 5a: the kind ("Báo cáo") and the summary of the subject. */
  kind: string;
  summary: string;
  /** Box 9a: the recipients; "Lưu: VT" (kept by the clerical office) ends the list when not given. A record has none. */
  recipients?: string[];
  /** Box 7: on whose behalf ("TM. Ủy ban nhân dân"), the position ("Chủ tịch") and the signer's name. */
  signature?: Signature;
  /**
   * Several signers instead (a record, biên bản: the chair, the co-chair, the Fatherland Front, the secretary), two
   * to a row; a blank name leaves the line to be written by hand.
   */
  signatures?: Signature[];
  /** Box 6: the document's body. */
  children: Child;
};

export type Signature = { authority?: string; position: string; name: string };

const pad = (value: number) => String(value).padStart(2, "0");

/** "ngày 05 tháng 3 năm 2026": days below 10 and the months 1 and 2 get a leading zero; blanks when undated. */
export function documentDate(day: string | null | undefined): string {
  if (!day) return "ngày     tháng     năm     ";
  const [year, month, date] = day.split("-").map(Number);
  return `ngày ${pad(date)} tháng ${month <= 2 ? pad(month) : month} năm ${year}`;
}

/** "Số: 05/BC-UBND", or "Số:     /BC-UBND" on a draft. */
export function documentNumber(number: number | null | undefined, symbol: string): string {
  return `Số: ${number ? pad(number) : "     "}/${symbol}`;
}

/** Vietnamese capitals: what `toUpperCase` gives, with locale rules ("đ" → "Đ"). */
const capitals = (text: string) => text.toLocaleUpperCase("vi");

/** The recipients as Nghị định 30 writes them: "- X;" each, the last ending with a full stop. */
export function recipientLines(recipients: string[]): string[] {
  const names = recipients.map((name) => name.trim().replace(/[;.]+$/, "")).filter(Boolean);
  if (!names.some((name) => /^Lưu\b/i.test(name))) names.push("Lưu: VT");
  return names.map((name, index) => `- ${name}${index === names.length - 1 ? "." : ";"}`);
}

/** Box 7: one signer's block — on whose behalf, the position, space to sign and stamp, the name. */
function SignatureBlock(props: { signature: Signature }) {
  const { signature } = props;
  return (
    <section class="vb-signature" aria-label={`Chữ ký: ${signature.position}`}>
      {signature.authority ? <p class="vb-authority">{capitals(signature.authority)}</p> : null}
      <p class="vb-position">{capitals(signature.position)}</p>
      <p class="vb-sign-space" aria-hidden="true" />
      <p class="vb-signer">{signature.name}</p>
    </section>
  );
}

/** The document itself: print it from a page that links `/static/document.css`. */
export function AdministrativeDocument(props: AdministrativeDocumentProps) {
  return (
    <article class="vb" lang="vi">
      <header class="vb-head">
        <div class="vb-issuer">
          {props.issuer.parent ? <p class="vb-parent">{capitals(props.issuer.parent)}</p> : null}
          <p class="vb-body">{capitals(props.issuer.name)}</p>
          <p class="vb-number">{documentNumber(props.number, props.symbol)}</p>
        </div>
        <div class="vb-nation">
          <p class="vb-national-title">{NATIONAL_TITLE}</p>
          <p class="vb-motto">{NATIONAL_MOTTO}</p>
          <p class="vb-place-date">{`${props.place}, ${documentDate(props.date)}`}</p>
        </div>
      </header>
      <h1 class="vb-title">
        <span class="vb-kind">{capitals(props.kind)}</span>
        <span class="vb-summary">{props.summary}</span>
      </h1>
      <div class="vb-content">{props.children}</div>
      {props.signatures?.length ? (
        <footer class="vb-signatures">
          {props.signatures.map((signature) => (
            <SignatureBlock signature={signature} />
          ))}
        </footer>
      ) : null}
      {props.recipients || props.signature ? (
        <footer class="vb-foot">
          {props.recipients ? (
            <section class="vb-recipients" aria-label="Nơi nhận">
              <p class="vb-recipients-label">Nơi nhận:</p>
              <ul>
                {recipientLines(props.recipients).map((line) => (
                  <li>{line}</li>
                ))}
              </ul>
            </section>
          ) : (
            <div />
          )}
          {props.signature ? <SignatureBlock signature={props.signature} /> : null}
        </footer>
      ) : null}
    </article>
  );
}

/**
 * A whole page holding one document, with nothing else around it when printed. `note` (in the reader's language)
 * shows on screen only, e.g. how to print; `back` is a link back to where the reader came from.
 */
export function DocumentPage(props: {
  title: string;
  /** The reader's language, for the screen-only note and link (the document stays Vietnamese). */
  locale?: "vi" | "en";
  note?: string;
  back?: { href: string; label: string };
  document: AdministrativeDocumentProps;
}) {
  return (
    <html lang="vi">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title}</title>
        <link rel="stylesheet" href="/static/document.css" />
      </head>
      <body class="vb-page">
        {props.note || props.back ? (
          <nav class="vb-screen-only" aria-label={props.title} lang={props.locale ?? "vi"}>
            {props.back ? <a href={props.back.href}>{props.back.label}</a> : null}
            {props.note ? <p>{props.note}</p> : null}
          </nav>
        ) : null}
        <main>
          <AdministrativeDocument {...props.document} />
        </main>
      </body>
    </html>
  );
}
