// The page's frame decoder on the golden frame tests/live/goldens/frame.bin: the same values that
// tests/live/test_frame_golden.py reads with the Python decoder (both from frame.json).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import { PROTOCOL_VERSION, decodeFrame, fineOutputStart, mapStarts, paramLayout } from "../../src/nnwatch/live/static/frame.js";

const goldens = new URL("../live/goldens/", import.meta.url);
const expected = JSON.parse(readFileSync(new URL("frame.json", goldens), "utf8"));

// The golden's bytes in an ArrayBuffer of their own, as a WebSocket hands them to the page.
function golden() {
  const data = readFileSync(new URL("frame.bin", goldens));
  return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
}

function withBytes(buffer, change) {
  const bytes = new Uint8Array(buffer.slice(0));
  change(bytes);
  return bytes.buffer;
}

test("the golden frame decodes to the expected header, params and maps", () => {
  const { header, params, maps } = decodeFrame(golden());
  assert.deepEqual(header, expected.header);
  assert.equal(header.version, PROTOCOL_VERSION);
  assert.deepEqual(Array.from(params), expected.params);
  assert.deepEqual(Array.from(maps), expected.maps);
});

test("the payloads are views on the received buffer, at the layout's offsets", () => {
  const buffer = golden();
  const { header, params, maps } = decodeFrame(buffer);
  assert.equal(params.buffer, buffer);
  assert.equal(params.byteOffset % 4, 0);
  const [first, second] = paramLayout(header.sizes);
  assert.deepEqual(first, { w: 0, b: 4, rows: 2, cols: 2 });
  assert.deepEqual(second, { w: 6, b: 8, rows: 2, cols: 1 });
  assert.equal(params[second.b], 0.75);
  const density2 = header.density * header.density;
  const starts = mapStarts(header.sizes);
  assert.deepEqual(starts, [0, 2, 4]);
  assert.deepEqual(Array.from(maps.subarray(starts[2] * density2, (starts[2] + 1) * density2)), [255, 0, 128, 159]);
  assert.equal(fineOutputStart(header), 20);
  assert.deepEqual(Array.from(maps.subarray(fineOutputStart(header))), [0, 32, 64, 96, 128, 160, 192, 224, 255]);
});

test("a frame of another version is refused, naming both versions", () => {
  const text = new TextDecoder().decode(new Uint8Array(golden()));
  const at = text.indexOf(`"version":${PROTOCOL_VERSION}`) + '"version":'.length;
  const other = withBytes(golden(), (bytes) => { bytes[at] = "9".charCodeAt(0); });
  assert.throws(() => decodeFrame(other), new RegExp(`frame version 9; this page reads version ${PROTOCOL_VERSION}`));
});

test("a damaged frame is refused", () => {
  assert.throws(() => decodeFrame(withBytes(golden(), (bytes) => { bytes[3] = 0; })), /not an nnwatch frame/);
  assert.throws(() => decodeFrame(golden().slice(0, -1)), /frame is 400 bytes; its header says 401/);
});
