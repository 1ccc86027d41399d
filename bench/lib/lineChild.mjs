// A child process driven one line at a time: write a command line on its stdin, get one JSON line back.
// Lets a benchmark interleave a peer's trials with its own in the same run (ABAB), so drift in machine
// load hits both sides alike.
import { spawn } from 'node:child_process';
import readline from 'node:readline';

export class LineChild {
  constructor(command, args, options = {}) {
    this.child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], ...options });
    this.waiting = [];
    this.buffered = []; // answers that arrived before anyone asked
    this.stderr = '';
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
    this.child.stderr.setEncoding('utf8').on('data', (text) => {
      this.stderr = (this.stderr + text).slice(-8000);
      if (options.echoStderr) process.stderr.write(text);
    });
    readline.createInterface({ input: this.child.stdout }).on('line', (line) => {
      if (!line.trim().startsWith('{')) return; // libraries may print other lines
      const value = JSON.parse(line);
      const waiter = this.waiting.shift();
      if (waiter) waiter.resolve(value);
      else this.buffered.push(value);
    });
    this.child.once('exit', (code, signal) => {
      this.exitNote = `${command} exited (${signal ?? code}). Last stderr:\n${this.stderr.slice(-3000)}`;
      for (const w of this.waiting.splice(0)) {
        w.reject(new Error(`${command} exited (${signal ?? code}) before answering. Last stderr:\n${this.stderr.slice(-3000)}`));
      }
    });
  }

  /** Resolves with the next JSON line the child prints (after sending `line`, if given). */
  next(line, timeoutMs = 600_000) {
    if (line !== undefined && !this.exitNote) this.child.stdin.write(`${line}\n`);
    if (this.buffered.length) return Promise.resolve(this.buffered.shift());
    if (this.exitNote) return Promise.reject(new Error(this.exitNote));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms; stderr:\n${this.stderr.slice(-3000)}`)), timeoutMs);
      this.waiting.push({
        resolve: (v) => (clearTimeout(timer), resolve(v)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
    });
  }

  async close() {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.stdin.end('quit\n');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
      await this.exited;
      clearTimeout(timer);
    }
  }
}
