/** Prints a 10,000-step scenario file (for bench:ui's scrubbing measurement). */
import { encodeFile } from '../src/scenario/codec.ts'
import { longScenario } from '../src/scenario/replay.test-helpers.ts'

process.stdout.write(encodeFile(longScenario(10_000), 0))
