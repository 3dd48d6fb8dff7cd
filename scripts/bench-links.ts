/**
 * `npm run bench:links`: link lengths of the built-in scenarios (and a long
 * one) with the codec's fflate deflate-raw + dictionary, plain deflate-raw,
 * and lz-string's compressToEncodedURIComponent, on the same JSON payload.
 */
import { deflateSync } from 'fflate'
import lz from 'lz-string'
import { encodeFile, encodeFragment } from '../src/scenario/codec.ts'
import { presets } from '../src/scenario/presets.ts'
import { longScenario } from '../src/scenario/replay.test-helpers.ts'

const b64url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url')
const cases = [...presets.map((p) => ({ name: p.id, scenario: p.scenario, step: p.start })), { name: '100 steps', scenario: longScenario(100), step: 100 }]

console.log('link length in characters (fragment only):')
console.log('scenario'.padEnd(16), 'codec'.padStart(7), 'deflate'.padStart(8), 'lz-string'.padStart(10))
for (const { name, scenario, step } of cases) {
  // The JSON the codec compresses, without the `at` the file adds.
  const json = JSON.stringify(JSON.parse(encodeFile(scenario, step), (k, v) => (k === 'at' ? undefined : v)))
  const plain = b64url(deflateSync(new TextEncoder().encode(json), { level: 9 })).length
  const lzs = lz.compressToEncodedURIComponent(json).length
  console.log(name.padEnd(16), String(encodeFragment(scenario, step).length).padStart(7), String(plain).padStart(8), String(lzs).padStart(10))
}
