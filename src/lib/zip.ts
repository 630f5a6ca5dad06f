/**
 * A ZIP archive written as a stream, each entry deflated on the fly by the runtime's `CompressionStream`
 * ("deflate-raw", native in workerd): XLSX sheets are highly repetitive XML, so a 100,000-row export shrinks
 * about tenfold. Nothing is held but the chunk in flight: each entry's CRC-32 and sizes are counted as its bytes
 * pass and written after them in a data descriptor (general purpose flag bit 3), and the central directory at
 * the end lists them. Names are UTF-8 (flag bit 11). No ZIP64: an entry or the archive must stay under 4 GiB
 * (an export's query budget caps a sheet far below that), else the stream fails rather than write a broken file.
 */

export type ZipEntry = { name: string; input: string | ReadableStream<Uint8Array>; lastModified: Date };

const encoder = new TextEncoder();
const MAX_32 = 0xffff_ffff;
/** Bit 3: sizes and CRC follow the data; bit 11: the name is UTF-8. */
const FLAGS = 0x0808;
const DEFLATE = 8;
const VERSION = 20;
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;
/**
 * Input is handed to the compressor in slices this small. workerd's CompressionStream takes one input chunk per
 * output chunk (4 KiB) it is asked for; a whole page of rows (100 kB and more) deflates to several output chunks,
 * which would then queue up unread and the compressed file pile up in memory with a slow reader. A 16 KiB slice
 * of XML deflates to less than one output chunk, so the compressor never runs ahead of the reader.
 */
const SLICE_BYTES = 16 * 1024;

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** CRC-32 (ISO 3309, as ZIP uses it) of `data`, continuing from `crc` (0 to start). */
export function crc32(data: Uint8Array, crc = 0): number {
  let c = ~crc;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** MS-DOS time and date of an instant, in Vietnam's local time (ZIP stores local times without a zone). */
function dosDateTime(date: Date): { time: number; date: number } {
  const local = new Date(date.getTime() + VIETNAM_OFFSET_MS);
  const year = Math.max(1980, local.getUTCFullYear());
  return {
    time: (local.getUTCHours() << 11) | (local.getUTCMinutes() << 5) | (local.getUTCSeconds() >> 1),
    date: ((year - 1980) << 9) | ((local.getUTCMonth() + 1) << 5) | local.getUTCDate(),
  };
}

function record(size: number, write: (view: DataView) => void): Uint8Array {
  const bytes = new Uint8Array(size);
  write(new DataView(bytes.buffer));
  return bytes;
}

type Written = { name: Uint8Array; time: number; date: number; crc: number; compressed: number; size: number; offset: number };

function localHeader(name: Uint8Array, time: number, date: number): Uint8Array {
  const header = record(30 + name.length, (view) => {
    view.setUint32(0, 0x04034b50, true);
    view.setUint16(4, VERSION, true);
    view.setUint16(6, FLAGS, true);
    view.setUint16(8, DEFLATE, true);
    view.setUint16(10, time, true);
    view.setUint16(12, date, true);
    // CRC-32 and sizes (offsets 14–25) stay zero: the data descriptor carries them.
    view.setUint16(26, name.length, true);
  });
  header.set(name, 30);
  return header;
}

function dataDescriptor(entry: Written): Uint8Array {
  return record(16, (view) => {
    view.setUint32(0, 0x08074b50, true);
    view.setUint32(4, entry.crc, true);
    view.setUint32(8, entry.compressed, true);
    view.setUint32(12, entry.size, true);
  });
}

function centralHeader(entry: Written): Uint8Array {
  const header = record(46 + entry.name.length, (view) => {
    view.setUint32(0, 0x02014b50, true);
    view.setUint16(4, VERSION, true);
    view.setUint16(6, VERSION, true);
    view.setUint16(8, FLAGS, true);
    view.setUint16(10, DEFLATE, true);
    view.setUint16(12, entry.time, true);
    view.setUint16(14, entry.date, true);
    view.setUint32(16, entry.crc, true);
    view.setUint32(20, entry.compressed, true);
    view.setUint32(24, entry.size, true);
    view.setUint16(28, entry.name.length, true);
    view.setUint32(42, entry.offset, true);
  });
  header.set(entry.name, 46);
  return header;
}

function endOfCentralDirectory(entries: number, size: number, offset: number): Uint8Array {
  return record(22, (view) => {
    view.setUint32(0, 0x06054b50, true);
    view.setUint16(8, entries, true);
    view.setUint16(10, entries, true);
    view.setUint32(12, size, true);
    view.setUint32(16, offset, true);
  });
}

function inputStream(input: ZipEntry["input"]): ReadableStream<Uint8Array> {
  if (typeof input !== "string") return input;
  const bytes = encoder.encode(input);
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}

function checkSize(bytes: number): void {
  if (bytes > MAX_32) throw new RangeError("ZIP entry or archive over 4 GiB (ZIP64 is not written)");
}

/** The archive's bytes, entry after entry, each read from its input only as fast as the archive is read. */
async function* zipChunks(entries: readonly ZipEntry[]): AsyncGenerator<Uint8Array> {
  const written: Written[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = encoder.encode(entry.name);
    const { time, date } = dosDateTime(entry.lastModified);
    const header = localHeader(name, time, date);
    yield header;
    const current: Written = { name, time, date, crc: 0, compressed: 0, size: 0, offset };
    offset += header.length;
    const counted = inputStream(entry.input).pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          current.crc = crc32(chunk, current.crc);
          current.size += chunk.length;
          for (let start = 0; start < chunk.length; start += SLICE_BYTES) controller.enqueue(chunk.subarray(start, start + SLICE_BYTES));
        },
      }),
    );
    const reader = counted.pipeThrough(new CompressionStream("deflate-raw")).getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        current.compressed += value.length;
        yield value;
      }
    } finally {
      // The reader went away mid-entry (a cancelled download): stop reading the input too.
      await reader.cancel().catch(() => {});
    }
    checkSize(current.size);
    offset += current.compressed;
    const descriptor = dataDescriptor(current);
    yield descriptor;
    offset += descriptor.length;
    written.push(current);
  }
  checkSize(offset);
  let size = 0;
  for (const entry of written) {
    const header = centralHeader(entry);
    size += header.length;
    yield header;
  }
  yield endOfCentralDirectory(written.length, size, offset);
}

/** A ZIP archive as a byte stream with back pressure: a slow reader slows the entries' inputs down. */
export function zipStream(entries: readonly ZipEntry[]): ReadableStream<Uint8Array> {
  const chunks = zipChunks(entries);
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { value, done } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      async cancel() {
        await chunks.return(undefined);
      },
    },
    { highWaterMark: 1 },
  );
}
