// What scripts/build-snippets.mjs loads with tsx: the snippet loader and VS Code's snippet-file writer.
export { loadSnippetsFromDir } from '../src/host/contentFiles';
export { codeSnippetsFile } from '../src/core/snippets/catalog';
