"""Peer of the round-trip benchmark: Jupyter's ipykernel driven by jupyter_client, measured from Python.

Starts one ipykernel, prints {"ready": true, ...}, then answers each stdin line "run N" with the
timings of N executions of `1 + 1`: send execute_request -> wait for status idle on IOPub (primary),
plus the time until execute_reply arrived on the shell channel as well ("both").
"""
import json
import sys
import time

from jupyter_client.manager import start_new_kernel

CODE = "1 + 1"


def run_once(kc):
    t0 = time.perf_counter()
    msg_id = kc.execute(CODE)
    idle_at = None
    saw_result = False
    while idle_at is None:
        msg = kc.get_iopub_msg(timeout=30)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind = msg["msg_type"]
        if kind == "execute_result":
            saw_result = True
        elif kind == "status" and msg["content"]["execution_state"] == "idle":
            idle_at = time.perf_counter()
    while True:
        reply = kc.get_shell_msg(timeout=30)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    both_at = time.perf_counter()
    if not saw_result or reply["content"]["status"] != "ok":
        raise RuntimeError(f"unexpected reply: {reply['content']}")
    return (idle_at - t0) * 1000.0, (max(idle_at, both_at) - t0) * 1000.0


def main():
    t0 = time.perf_counter()
    km, kc = start_new_kernel(kernel_name="python3")
    started_ms = (time.perf_counter() - t0) * 1000.0
    import ipykernel, jupyter_client  # noqa: E401  (versions for the report)

    print(json.dumps({"ready": True, "startMs": started_ms, "ipykernel": ipykernel.__version__,
                      "jupyter_client": jupyter_client.__version__, "python": sys.version.split()[0]}), flush=True)
    try:
        for line in sys.stdin:
            parts = line.split()
            if not parts:
                continue
            if parts[0] == "quit":
                break
            if parts[0] == "run":
                idle, both = [], []
                for _ in range(int(parts[1])):
                    a, b = run_once(kc)
                    idle.append(a)
                    both.append(b)
                print(json.dumps({"idleMs": idle, "replyMs": both}), flush=True)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)


if __name__ == "__main__":
    main()
