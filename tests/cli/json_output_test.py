#!/usr/bin/env python3
"""Drives generated argument vectors and the fuzz seed corpus through the strata CLI.

Every run must exit 0 (success) or 2 (bad input, with a message on stderr), never
crash or report an internal error; every successful `--json` run must print one JSON
object that a strict parser accepts (valid UTF-8, no NaN or Infinity).

    json_output_test.py STRATA FIXTURES_DIR SEEDS_DIR WORK_DIR [COUNT]
"""
import json
import os
import random
import shutil
import subprocess
import sys


def reject_constant(name):
    raise ValueError("non-finite number %s in JSON output" % name)


def main():
    strata, fixtures, seeds, work = sys.argv[1:5]
    count = int(sys.argv[5]) if len(sys.argv) > 5 else 400
    os.makedirs(work, exist_ok=True)
    # A config file whose path is not valid UTF-8: its path is echoed as the model id.
    bad_name = os.path.join(os.fsencode(work), b"model-\xff\xfe.json")
    shutil.copyfile(os.path.join(fixtures, "good", "tiny_llama.json"), bad_name)

    models = ["meta-llama/Meta-Llama-3.1-8B", "Qwen/Qwen3-30B-A3B", "XiaomiMiMo/MiMo-V2-Flash",
              "deepseek-ai/DeepSeek-V3", "moonshotai/Kimi-K2.5", "zai-org/GLM-5", "openai/gpt-oss-20b",
              "meta-llama/Llama-4-Maverick-17B-128E-Instruct", "no/such-model", bad_name]
    models += [os.path.join(fixtures, "good", f) for f in sorted(os.listdir(os.path.join(fixtures, "good")))]
    models += [os.path.join(seeds, "config", f) for f in sorted(os.listdir(os.path.join(seeds, "config")))
               if f.endswith(".json")]
    sizes = ["1", "2", "3", "4", "8", "16", "4096", "0", "-1", "x", "99999999999"]
    quants = {"--gemm-quant": ["bfloat16", "fp8", "fp8_block", "nvfp4", "nvfp4_wo", "int4_wo", "sq", "bad"],
              "--moe-quant": ["bfloat16", "fp8", "nvfp4", "w4a16_mxfp4", "int4_wo"],
              "--kv-quant": ["bfloat16", "fp8", "int8"], "--fmha-quant": ["bfloat16", "fp8"]}
    systems = ["h200_sxm", "b200_sxm", "gb200", "a100_sxm", "h900"]
    rng = random.Random(20261129)

    def generated():
        for _ in range(count):
            cmd = rng.choice(["ops", "estimate", "estimate", "models", "systems"])
            args = [cmd]
            if cmd in ("ops", "estimate"):
                args += ["--model", rng.choice(models)]
                for flag in ("--tp", "--pp", "--ep", "--moe-tp", "--dp", "--nextn"):
                    if rng.random() < 0.35:
                        args += [flag, rng.choice(sizes)]
                for flag, values in quants.items():
                    if rng.random() < 0.15:
                        args += [flag, rng.choice(values)]
                if rng.random() < 0.2:
                    args += ["--backend", rng.choice(["trtllm", "vllm", "sglang", "tensorrt"])]
            if cmd == "estimate":
                args += ["--system", rng.choice(systems)]
                mode = rng.random()
                if mode < 0.4:
                    args += ["--phase", "context", "--batch", rng.choice(["1", "8", "0"]),
                             "--isl", rng.choice(["1", "128", "4096", "0"])]
                elif mode < 0.8:
                    args += ["--phase", "generation", "--batch", rng.choice(["1", "64", "1048577"]),
                             "--kv-len", rng.choice(["1", "2048", "131072"])]
                else:
                    args += ["--isl", rng.choice(["16", "1024"]), "--osl", rng.choice(["1", "8", "100"]),
                             "--batch", rng.choice(["1", "4"])]
            args.append("--json")
            yield args

    def replayed():  # the config seed corpus through the Release CLI
        for f in sorted(os.listdir(os.path.join(seeds, "config"))):
            if f.endswith(".json"):
                path = os.path.join(seeds, "config", f)
                yield ["ops", "--model", path, "--tp", "2", "--ep", "2", "--json"]
                yield ["estimate", "--model", path, "--ep", "1", "--system", "b200_sxm", "--isl", "64", "--osl",
                       "8", "--json"]

    runs = ok = bad = 0
    for args in list(generated()) + list(replayed()):
        p = subprocess.run([strata] + args, capture_output=True, timeout=60)
        runs += 1
        shown = " ".join(os.fsdecode(a) if isinstance(a, bytes) else a for a in args)
        if p.returncode == 2:
            if b"strata: error: " not in p.stderr:
                sys.exit("exit 2 without an error message: strata %s\n%s" % (shown, p.stderr))
            bad += 1
            continue
        if p.returncode != 0:
            sys.exit("exit %d: strata %s\n%s" % (p.returncode, shown, p.stderr.decode(errors="replace")))
        try:
            json.loads(p.stdout.decode("utf-8"), parse_constant=reject_constant)
        except (UnicodeDecodeError, ValueError) as e:
            sys.exit("invalid JSON (%s): strata %s\n%s" % (e, shown, p.stdout[:400]))
        ok += 1
    print("json output: %d runs, %d valid JSON, %d rejected as bad input (exit 2)" % (runs, ok, bad))
    if ok < runs // 5:
        sys.exit("too few successful runs to mean anything")


if __name__ == "__main__":
    main()
