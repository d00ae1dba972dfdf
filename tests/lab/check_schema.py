#!/usr/bin/env python3
"""The JSON Schema for experiment files holds for every shipped experiment and refuses broken
ones, with python3-jsonschema (Debian's package) as an editor or a teacher's script would use it.
Exit 77 (skipped) where jsonschema is not installed."""
import copy
import glob
import json
import os
import sys

try:
    import jsonschema
except ImportError:
    print("python3-jsonschema is not installed: skipped")
    sys.exit(77)

schema_path, scenarios = sys.argv[1], sys.argv[2]
with open(schema_path, encoding="utf-8") as f:
    schema = json.load(f)
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)

failures = []
files = sorted(glob.glob(os.path.join(scenarios, "*.json")))
if len(files) < 30:
    failures.append(f"only {len(files)} experiments found in {scenarios}")
for path in files:
    with open(path, encoding="utf-8") as f:
        document = json.load(f)
    for error in validator.iter_errors(document):
        failures.append(f"{os.path.basename(path)}: {list(error.absolute_path)}: {error.message}")

# Mistakes the parser refuses are refused by the schema too (a schema that accepts anything
# would pass the loop above).
with open(os.path.join(scenarios, "04-half-close.json"), encoding="utf-8") as f:
    good = json.load(f)
def broken(change):
    document = copy.deepcopy(good)
    change(document)
    return document
cases = {
    "unknown verb": lambda d: d["steps"][3].update(verb="sendd"),
    "misspelt key": lambda d: d["steps"][4].update({"wait-for": "server.eof"}),
    "unknown event": lambda d: d["steps"][4].update(wait_for="server.happy"),
    "shutdown without how": lambda d: d["steps"][3].pop("how"),
    "write without data": lambda d: d["steps"][2].pop("data"),
    "unknown flags": lambda d: d["expect"]["wire"].__setitem__(0, "c:X"),
    "unknown state": lambda d: d["expect"]["client_states"].__setitem__(0, "HAPPY"),
    "unknown TCP setting": lambda d: d.update(client={"tcp": {"tcp_happiness": 1}}),
    "wrong format": lambda d: d.update(format="tcplab-scenario/2"),
    "bad id": lambda d: d.update(id="Half Close"),
    "no English title": lambda d: d.update(title={"zh_CN": "半关闭"}),
    "both forms of expect": lambda d: d["expect"].update(connections=[{"wire": "c:S"}]),
    "negative delay": lambda d: d["steps"][1].update(delay_ms=-5),
}
for name, change in cases.items():
    if validator.is_valid(broken(change)):
        failures.append(f"the schema accepts a file with a mistake: {name}")

for failure in failures:
    print("FAIL:", failure)
print(f"{len(files)} experiments valid, {len(cases)} broken ones refused" if not failures else "")
sys.exit(1 if failures else 0)
