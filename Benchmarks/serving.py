"""`mockclaude serve` in a child process for the benchmark scripts: started on a free port
(read from --port-file, no sleeping for a guess), stopped when the block ends."""
import contextlib, os, subprocess, sys, tempfile, time


@contextlib.contextmanager
def serve(binary: str, *arguments: str):
    """Yields (process, port) for `binary serve ARGUMENTS…` at the warning log level."""
    with tempfile.TemporaryDirectory() as folder:
        port_file = os.path.join(folder, "port")
        server = subprocess.Popen(
            [binary, "serve", *arguments, "--port-file", port_file, "--log-level", "warning"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            deadline = time.monotonic() + 30
            while not (os.path.exists(port_file) and os.path.getsize(port_file) > 0):
                if server.poll() is not None or time.monotonic() > deadline:
                    sys.exit(f"server did not start: {server.stderr.read().decode()}")
                time.sleep(0.02)  # waiting for another process to write its port
            yield server, int(open(port_file).read())
        finally:
            server.terminate()
            server.wait(timeout=30)
