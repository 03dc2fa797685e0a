#!/usr/bin/env python3
"""Grows the database of one stored commune-scale week into 52 weeks of history, as a year of tonghop would leave it.

    make-history.py DB WEEK WEEKS

The week WEEK (e.g. 2025-W46) must already be stored (by `tonghop submit`); each of the WEEKS-1 weeks before it gets
a copy of every submission, received an hour before its own deadline, with every number moved by up to 20% either way,
and the same narrative and progress on tasks. Writing them through SQL rather than 170,000 report files keeps the set-up under a minute."""
import datetime, sqlite3, struct, sys

db, week, weeks = sys.argv[1], sys.argv[2], int(sys.argv[3])


def thursday_week(key):
    """First and last day of a Thursday-to-Wednesday week (week 1 holds the year's first Thursday-week with 4 days)."""
    year, number = int(key[:4]), int(key[-2:])
    dec29 = datetime.date(year - 1, 12, 29)
    first = dec29 + datetime.timedelta(days=(3 - dec29.weekday()) % 7) + datetime.timedelta(weeks=number - 1)
    return first, first + datetime.timedelta(days=6)


def key_of(day):
    """The key of the Thursday week containing `day`."""
    first = day - datetime.timedelta(days=(day.weekday() - 3) % 7)
    year = (first + datetime.timedelta(days=3)).year
    dec29 = datetime.date(year - 1, 12, 29)
    week1 = dec29 + datetime.timedelta(days=(3 - dec29.weekday()) % 7)
    return f'{year}-W{(first - week1).days // 7 + 1:02d}'


def utc(day, hour):
    """Vietnam time (UTC+7) as GRDB stores instants: UTC text."""
    moment = datetime.datetime.combine(day, datetime.time(hour)) - datetime.timedelta(hours=7)
    return moment.strftime('%Y-%m-%d %H:%M:%S.000')


con = sqlite3.connect(db)
con.execute('PRAGMA journal_mode=WAL')
first, _ = thursday_week(week)
with con:
    for back in range(1, weeks):
        start = first - datetime.timedelta(weeks=back)
        key = key_of(start)
        last = start + datetime.timedelta(days=6)
        deadline = last + datetime.timedelta(days=1)
        con.execute('''INSERT INTO submission (unitCode, scheduleId, periodKey, periodFirstDay, periodLastDay, templateId, templateVersion,
                                               receivedAt, fileName, sha256, preparedBy, results, onTimeLimit)
                       SELECT unitCode, scheduleId, ?, ?, ?, templateId, templateVersion, ?, fileName, sha256, preparedBy, results, ?
                       FROM submission WHERE periodKey = ?''',
                    (key, start.isoformat(), last.isoformat(), utc(deadline, 7), utc(deadline, 8), week))
        pairs = '''FROM submission n JOIN submission o ON o.unitCode = n.unitCode AND o.scheduleId = n.scheduleId AND o.periodKey = ?
                   WHERE n.periodKey = ?'''
        con.execute(f'''INSERT INTO submissionValue (submissionId, criterionId, number, text)
                        SELECT n.id, v.criterionId,
                               CASE WHEN v.number IS NULL THEN NULL WHEN v.number IN (0, 1) THEN v.number
                                    ELSE round(v.number * (0.8 + (abs(random()) % 401) / 1000.0)) END, v.text
                        {pairs.replace('WHERE', 'JOIN submissionValue v ON v.submissionId = o.id WHERE')}''', (week, key))
        con.execute(f'''INSERT INTO difficulty (submissionId, position, field, text) SELECT n.id, d.position, d.field, d.text
                        {pairs.replace('WHERE', 'JOIN difficulty d ON d.submissionId = o.id WHERE')}''', (week, key))
        con.execute(f'''INSERT INTO recommendation (submissionId, position, addressees, text) SELECT n.id, r.position, r.addressees, r.text
                        {pairs.replace('WHERE', 'JOIN recommendation r ON r.submissionId = o.id WHERE')}''', (week, key))
        # Each week's report says where its unit stands on its tasks, as the week itself does.
        con.execute(f'''INSERT INTO taskProgress (submissionId, position, taskId, status, completedOn, product, note)
                        SELECT n.id, t.position, t.taskId, t.status, t.completedOn, t.product, t.note
                        {pairs.replace('WHERE', 'JOIN taskProgress t ON t.submissionId = o.id WHERE')}''', (week, key))
    # The packed copy of each new submission's numbers, as tonghop writes it beside the values (see PackedNumbers.swift).
    layouts = {criteria: id for id, criteria in con.execute('SELECT id, criteria FROM valueLayout')}
    fields = dict(con.execute('SELECT submissionId, group_concat(field, char(10)) FROM difficulty '
                              'WHERE submissionId NOT IN (SELECT submissionId FROM submissionNumbers) GROUP BY submissionId').fetchall())

    def pack(submission, rows):
        key = '\n'.join(r[0] for r in rows)
        if key not in layouts:
            layouts[key] = con.execute('INSERT INTO valueLayout (criteria) VALUES (?)', (key,)).lastrowid
        blob = struct.pack(f'<{len(rows)}d', *[float('nan') if r[1] is None else r[1] for r in rows])
        con.execute('INSERT INTO submissionNumbers (submissionId, layoutId, numbers, difficultyFields) VALUES (?, ?, ?, ?)',
                    (submission, layouts[key], blob, fields.get(submission, '')))

    current, rows = None, []
    unpacked = con.execute('SELECT v.submissionId, v.criterionId, v.number FROM submissionValue v '
                           'WHERE v.submissionId NOT IN (SELECT submissionId FROM submissionNumbers) ORDER BY v.submissionId, v.criterionId')
    for submission, criterion, number in unpacked.fetchall():
        if submission != current:
            if current is not None:
                pack(current, rows)
            current, rows = submission, []
        rows.append((criterion, number))
    if current is not None:
        pack(current, rows)
count = con.execute('SELECT COUNT(*) FROM submissionValue').fetchone()[0]
subs = con.execute('SELECT COUNT(*) FROM submission').fetchone()[0]
con.execute('ANALYZE')
con.close()
print(f'{subs} submissions, {count} values')
