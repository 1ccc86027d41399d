/**
 * The language worker: a worker thread of the extension host running one whole-notebook TypeScript
 * language service per open notebook, so type-checking never holds up the extension host (TypeScript's
 * first program takes a second or two). Answers src/core/language/protocol.ts; never imports 'vscode'.
 */
import { parentPort, workerData } from 'node:worker_threads';
import ts from 'typescript';
import { NotebookLanguageService } from '../core/language/notebookLanguageService';
import type { LanguageHostMessage, LanguageWorkerMessage, LanguageWorkerOptions, NotebookRef } from '../core/language/protocol';
import { languageHostMessageProblem, languageRequestIdOf } from '../core/language/messages';
import { watchPackages, type PackageWatcher } from './packageWatcher';

if (!parentPort) throw new Error('the language worker runs as a worker thread');
const port = parentPort;
const { packageRoot, cancellations } = workerData as LanguageWorkerOptions;
const cancelled = new Int32Array(cancellations);
const isCancelled = (id: number) => Atomics.load(cancelled, id % cancelled.length) === id;
const services = new Map<string, { service: NotebookLanguageService; packages: PackageWatcher }>();
const reply = (message: LanguageWorkerMessage) => port.postMessage(message);

function serviceFor(notebook: NotebookRef): NotebookLanguageService {
  const known = services.get(notebook.uri);
  if (known) return known.service;
  const service = new NotebookLanguageService({ notebookDir: notebook.dir, packageRoot, fileSystem: ts.sys });
  const packages = watchPackages(
    notebook.dir,
    () => {
      try {
        service.packagesChanged();
      } catch (error) {
        reply({ type: 'warning', message: `looking up ${notebook.uri}'s imports again failed: ${(error as Error).stack ?? String(error)}` });
      }
      reply({ type: 'packagesChanged', notebook: notebook.uri });
    },
    (error) => reply({ type: 'warning', message: error.message }),
  );
  services.set(notebook.uri, { service, packages });
  return service;
}

port.on('message', (received: unknown) => {
  // Acted on only once checked: a malformed message is answered (its request fails with the reason) and logged.
  const problem = languageHostMessageProblem(received);
  if (problem !== undefined) {
    const description = `the language worker received a message that does not follow its protocol (${problem}); it was not acted on`;
    reply({ type: 'warning', message: description });
    const id = languageRequestIdOf(received);
    if (id !== undefined) reply({ type: 'error', id, message: description });
    return;
  }
  const message = received as LanguageHostMessage;
  if (message.type === 'close') {
    const known = services.get(message.notebook);
    known?.packages.close();
    known?.service.dispose();
    services.delete(message.notebook);
    return;
  }
  if (isCancelled(message.id)) return; // cancelled while it waited: the host has already given up on it
  try {
    const service = serviceFor(message.notebook);
    service.update(message.cells);
    service.setCancellation({ isCancellationRequested: () => isCancelled(message.id) });
    const method = service[message.method] as (...args: unknown[]) => unknown;
    reply({ type: 'response', id: message.id, result: method.apply(service, message.params) });
  } catch (error) {
    if (error instanceof ts.OperationCanceledException) return; // the host has already given up on it
    reply({ type: 'error', id: message.id, message: (error as Error).stack ?? String(error) });
  }
});
