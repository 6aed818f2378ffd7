import { parentPort } from 'node:worker_threads';
import { findSlots } from '../domain/slot-finder.js';
import {
  decodeRequest,
  serialiseError,
  type SlotFinderRequest,
  type SlotFinderResponse,
} from './slot-finder-worker.protocol.js';

// Worker-thread entry point started by SlotFinderWorkerPool: one search at a time, answered in order.
const port = parentPort;
if (!port) {
  throw new Error('slot-finder.worker must run in a worker thread');
}
port.on('message', (request: SlotFinderRequest) => {
  let response: SlotFinderResponse;
  try {
    response = { ok: true, result: findSlots(decodeRequest(request)) };
  } catch (error) {
    response = { ok: false, error: serialiseError(error) };
  }
  port.postMessage(response);
});
