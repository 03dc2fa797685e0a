#!/usr/bin/env python3
"""Grows the database of one stored commune-scale week into 52 weeks of history, as a year of tonghop would leave it.

    make-history.py DB WEEK WEEKS

The week WEEK (e.g. 2025-W46) must already be stored (by `tonghop submit`); each of the WEEKS-1 weeks before it gets
a copy of every submission, received an hour before its own deadline, with every number moved by up to 20% either way,
and the same narrative and progress on tasks. Writing them through SQL rather than 170,000 report files keeps the set-up under a minute."""
import datetime, math, random, sqlite3, struct, sys

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
# The same history at every run.
moves = random.Random(46)
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
        # The answers that are not numbers, a row each; numbers are kept packed only (below).
        con.execute(f'''INSERT INTO submissionValue (submissionId, criterionId, number, text)
                        SELECT n.id, v.criterionId, NULL, v.text
                        {pairs.replace('WHERE', 'JOIN submissionValue v ON v.submissionId = o.id WHERE')} AND v.text IS NOT NULL''', (week, key))
        # The packed copy of the numbers (see PackedNumbers.swift), each moved by up to 20% either way; yes and no stay.
        packed = con.execute(f'''SELECT n.id, p.layoutId, p.numbers, p.difficultyFields
                                 {pairs.replace('WHERE', 'JOIN submissionNumbers p ON p.submissionId = o.id WHERE')}''', (week, key))
        for submission, layout, blob, fields in packed.fetchall():
            numbers = struct.unpack(f'<{len(blob) // 8}d', blob)
            moved = [x if math.isnan(x) or x in (0, 1) else float(round(x * (0.8 + moves.randrange(401) / 1000))) for x in numbers]
            con.execute('INSERT INTO submissionNumbers (submissionId, layoutId, numbers, difficultyFields) VALUES (?, ?, ?, ?)',
                        (submission, layout, struct.pack(f'<{len(moved)}d', *moved), fields))
        con.execute(f'''INSERT INTO difficulty (submissionId, position, field, text) SELECT n.id, d.position, d.field, d.text
                        {pairs.replace('WHERE', 'JOIN difficulty d ON d.submissionId = o.id WHERE')}''', (week, key))
        con.execute(f'''INSERT INTO recommendation (submissionId, position, addressees, text) SELECT n.id, r.position, r.addressees, r.text
                        {pairs.replace('WHERE', 'JOIN recommendation r ON r.submissionId = o.id WHERE')}''', (week, key))
        # Each week's report says where its unit stands on its tasks, as the week itself does.
        con.execute(f'''INSERT INTO taskProgress (submissionId, position, taskId, status, completedOn, product, note)
                        SELECT n.id, t.position, t.taskId, t.status, t.completedOn, t.product, t.note
                        {pairs.replace('WHERE', 'JOIN taskProgress t ON t.submissionId = o.id WHERE')}''', (week, key))
numbers = sum(len(row[0]) // 8 for row in con.execute('SELECT numbers FROM submissionNumbers'))
subs = con.execute('SELECT COUNT(*) FROM submission').fetchone()[0]
con.execute('ANALYZE')
con.close()
print(f'{subs} submissions, {numbers} answers (numbers packed, NaN for the others)')
