-- The replay benchmark's request, as wrk sends it: the one copy the benchmark scripts share
-- (Benchmarks/run, compare, allocations, profile and slow_streams.py read it from here; the
-- in-process `mockclaude bench respond` holds the same body in BenchSupport.swift).
wrk.method = 'POST'
wrk.body = '{"model":"claude-haiku-4-5","max_tokens":256,"stream":true,"messages":[{"role":"user","content":"Write a haiku"}]}'
wrk.headers['content-type'] = 'application/json'
wrk.headers['x-api-key'] = 'sk-bench'
wrk.headers['anthropic-version'] = '2023-06-01'
