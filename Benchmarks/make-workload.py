#!/usr/bin/env python3
"""Generates the commune-scale workload: 3,321 reporting units, one province-weekly report each (JSON),
a templates folder whose registry lists them, and the same values as one CSV for the sqlite3 import."""
import datetime, json, os, random, shutil, sys

out = sys.argv[1]
units = int(sys.argv[2]) if len(sys.argv) > 2 else 3321
# The first day the communes exist: far enough back for the synthesis benchmark's year of history.
valid_from = sys.argv[sys.argv.index('--valid-from') + 1] if '--valid-from' in sys.argv else '2025-07-01'

repo = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
sys.path.insert(0, os.path.join(repo, 'scripts'))
samples = __import__('make-sample-reports')

shutil.rmtree(out, ignore_errors=True)
os.makedirs(os.path.join(out, 'reports'))
shutil.copytree(os.path.join(repo, 'Templates'), os.path.join(out, 'Templates'))
codes = [f'X{i:04d}' for i in range(units)]
# The shipped registry (ministries are addressees of recommendations) plus one unit per commune.
with open(os.path.join(out, 'Templates', 'units.yaml'), 'a') as f:
    for code in codes:
        f.write(f'  - code: {code}\n    name: Xã {code}\n    kind: province\n    schedules: [province-weekly]\n    validFrom: "{valid_from}"\n')
rng = random.Random(1)
rows = 0
with open(os.path.join(out, 'values.csv'), 'w') as csv:
    for code in codes:
        report = samples.province_report(rng, code, f'Xã {code}', rng.randint(3, 40))
        report['values']['dc.tasks_beyond_authority'] = 0  # keep every report free of warnings
        # Every task the register gives a province by the week's end, as the samples report them (none left out: no warning).
        report['tasks'] = samples.tasks_for('HN', datetime.date(2025, 11, 19))
        with open(os.path.join(out, 'reports', f'{code}.json'), 'w') as f:
            f.write(samples.to_json(report))
        for criterion, value in report['values'].items():
            csv.write(f'{code},{report["period"]},{criterion},{json.dumps(value, ensure_ascii=False)}\n')
            rows += 1
        # The same task progress for the sqlite3 import, a row per field, so that both store the same data.
        for task, progress in report['tasks'].items():
            for field, value in progress.items():
                csv.write(f'{code},{report["period"]},task:{task}.{field},{json.dumps(value, ensure_ascii=False)}\n')
print(f'{units} report files, {rows} values')
