#!/usr/bin/env python3
"""Writes SampleReports/ (but forms/, which scripts/make-sample-forms.sh writes): eight weeks of reports from the 34 provinces (JSON and CSV mixed), eight weeks from
twenty central agencies, two months of monthly reports, a replay log (receipts.csv) of when each file arrived,
and deliberately invalid files, each named after the one error it shows. Deterministic: run it again and the
files come out the same. The figures are plausible, not real."""
import csv, datetime, glob, io, json, os, random

import yaml

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'SampleReports')
PERIOD = '2025-W46'          # Thursday 13 to Wednesday 19 November 2025, due Thursday 20 November 08:00
CENTRAL_PERIOD = '2025-W47'  # Monday 17 to Sunday 23 November 2025, due Monday 24 November

# Provincial-level units with their number of commune-level units after 1 July 2025.
PROVINCES = [
    ('HN', 'Hà Nội', 126), ('HP', 'Hải Phòng', 114), ('HUE', 'Huế', 40), ('DNG', 'Đà Nẵng', 94),
    ('CT', 'Cần Thơ', 103), ('HCM', 'Thành phố Hồ Chí Minh', 168), ('TQ', 'Tuyên Quang', 124),
    ('CB', 'Cao Bằng', 56), ('LCH', 'Lai Châu', 38), ('LCI', 'Lào Cai', 99), ('TN', 'Thái Nguyên', 92),
    ('DB', 'Điện Biên', 45), ('LS', 'Lạng Sơn', 65), ('SL', 'Sơn La', 75), ('PT', 'Phú Thọ', 148),
    ('BN', 'Bắc Ninh', 99), ('QNI', 'Quảng Ninh', 54), ('HY', 'Hưng Yên', 104), ('NB', 'Ninh Bình', 129),
    ('TH', 'Thanh Hóa', 166), ('NA', 'Nghệ An', 130), ('HT', 'Hà Tĩnh', 69), ('QT', 'Quảng Trị', 78),
    ('QNG', 'Quảng Ngãi', 96), ('GL', 'Gia Lai', 135), ('KH', 'Khánh Hòa', 65), ('LD', 'Lâm Đồng', 124),
    ('DLK', 'Đắk Lắk', 102), ('DNI', 'Đồng Nai', 95), ('TNI', 'Tây Ninh', 96), ('VL', 'Vĩnh Long', 124),
    ('DT', 'Đồng Tháp', 102), ('AG', 'An Giang', 102), ('CM', 'Cà Mau', 64),
]

DIFFICULTIES = {
    'land': ['Cấp xã chưa có đủ công chức địa chính để thực hiện thủ tục đăng ký đất đai sau khi tiếp nhận nhiệm vụ từ cấp huyện.',
             'Hồ sơ địa chính bàn giao từ cấp huyện trước đây chưa được số hóa đầy đủ, gây chậm trễ giải quyết thủ tục.'],
    'construction': ['Việc cấp giấy phép xây dựng ở cấp xã còn lúng túng do thiếu hướng dẫn về thẩm quyền và quy trình.'],
    'investment': ['Thẩm quyền chấp thuận chủ trương đầu tư các dự án nhỏ chưa được phân định rõ giữa tỉnh và xã.'],
    'finance-budget': ['Dự toán ngân sách cấp xã năm 2025 chưa được điều chỉnh kịp thời sau sắp xếp, thiếu kinh phí chi thường xuyên.',
                       'Chưa có hướng dẫn về kế toán, quyết toán ngân sách đối với các xã mới hình thành sau hợp nhất.'],
    'personnel': ['Thiếu công chức chuyên môn về công nghệ thông tin, quy hoạch và xây dựng ở nhiều xã vùng sâu, vùng xa.',
                  'Một số cán bộ dôi dư chưa được giải quyết chế độ, chính sách theo quy định.'],
    'it-digital': ['Đường truyền tại một số xã miền núi chưa ổn định, ảnh hưởng đến việc tiếp nhận hồ sơ trực tuyến.',
                   'Phần mềm quản lý văn bản và hệ thống một cửa điện tử chưa kết nối đồng bộ với hệ thống của tỉnh.'],
    'public-assets': ['Nhiều trụ sở dôi dư sau sắp xếp chưa có phương án sử dụng, xuống cấp, có nguy cơ lãng phí.'],
    'other': ['Người dân còn chưa quen với địa điểm giải quyết thủ tục hành chính mới sau sắp xếp.'],
}
RECOMMENDATIONS = [
    ('government', 'Đề nghị Chính phủ sớm ban hành nghị định hướng dẫn về chế độ, chính sách đối với cán bộ dôi dư sau sắp xếp.'),
    ('prime-minister', 'Kiến nghị Thủ tướng Chính phủ chỉ đạo bổ sung kinh phí đầu tư trang thiết bị cho các xã còn thiếu.'),
    ('ministry:BNNMT', 'Đề nghị Bộ Nông nghiệp và Môi trường hướng dẫn thống nhất quy trình đăng ký đất đai tại cấp xã.'),
    ('ministry:BXD', 'Đề nghị Bộ Xây dựng hướng dẫn thẩm quyền cấp giấy phép xây dựng của Ủy ban nhân dân cấp xã.'),
    ('ministry:BTC', 'Đề nghị Bộ Tài chính hướng dẫn xử lý trụ sở, tài sản công dôi dư sau sắp xếp.'),
    ('ministry:BNV', 'Đề nghị Bộ Nội vụ hướng dẫn vị trí việc làm và biên chế công chức cấp xã.'),
    ('ministry:BKHCN', 'Đề nghị Bộ Khoa học và Công nghệ hỗ trợ kết nối hệ thống thông tin giải quyết thủ tục hành chính.'),
    ('other', 'Đề nghị Ban Tổ chức Trung ương tổng hợp ý kiến về mô hình tổ chức bộ máy cấp xã.'),
]
ASSESS = ['Tốt', 'Khá', 'Trung bình']


def vi(n):
    """A whole number as Vietnamese write it, thousands after dots: 27.621."""
    return f'{n:,}'.replace(',', '.')


def province_results(name, values, opening='Trong tuần,'):
    """The results achieved by topic (template 1.1): one text per group, written from the report's own figures, the
    general one as the unit's overall account. Uses no random numbers, so the rest of the samples stay as they were."""
    v = values
    results = {
        'decentralization': (f'Tiếp nhận {vi(v["dc.tasks_received"])} nhiệm vụ, thẩm quyền do phân cấp, phân quyền; '
                             f'tháo gỡ {vi(v["dc.obstacles_resolved"])} vướng mắc; ban hành {v["dc.guidance_docs_issued"]} văn bản hướng dẫn cấp xã.'),
        'personnel': (f'Tuyển dụng {v["hr.recruited"]} người, điều động, biệt phái {v["hr.transferred"]} người về cấp xã; '
                      f'tổ chức {v["hr.training_courses"]} lớp bồi dưỡng cho {vi(v["hr.trainees"])} lượt cán bộ, công chức; '
                      f'giải quyết chế độ, chính sách cho {vi(v["hr.policy_settled"])} người.'),
        'facilities': (f'Đang sử dụng {vi(v["fa.hq_in_use"])} trụ sở cấp xã; đã xử lý {v["fa.hq_surplus_handled"]} trong số '
                       f'{v["fa.hq_surplus"]} cơ sở nhà đất dôi dư sau sắp xếp.'),
        'digital': (f'Tiếp nhận {vi(v["it.online_dossiers_received"])} hồ sơ trực tuyến, giải quyết đúng hạn '
                    f'{vi(v["it.online_dossiers_settled_on_time"])} hồ sơ; cắt giảm, đơn giản hóa {v["it.procedures_simplified"]} thủ tục hành chính.'),
        'general': (f'{opening} {name} duy trì hoạt động ổn định của {v["dc.communes_operating"]} đơn vị hành chính cấp xã. '
                    'Các Trung tâm phục vụ hành chính công cấp xã vận hành thông suốt, phục vụ tốt người dân và doanh nghiệp.'),
    }
    if 'fa.assets_reallocated' in v:
        results['facilities'] += f' Điều chuyển, bố trí lại {v["fa.assets_reallocated"]} tài sản công.'
    return results


def province_report(rng, code, name, communes):
    staff_needed = communes * rng.randint(38, 46)
    received = communes * rng.randint(8, 14)
    obstacles = rng.randint(received // 20, received // 6)
    dossiers = communes * rng.randint(150, 420)
    surplus = rng.randint(communes // 4, communes)
    courses = rng.randint(2, 12)
    values = {
        'dc.communes_operating': communes,
        'dc.tasks_received': received,
        'dc.tasks_with_obstacles': obstacles,
        'dc.tasks_beyond_authority': rng.randint(0, max(1, obstacles // 4)),
        'dc.obstacles_resolved': rng.randint(0, obstacles),
        'dc.guidance_docs_issued': rng.randint(1, 15),
        'hr.staff_in_post': staff_needed - rng.randint(-communes, communes * 4),
        'hr.staff_needed': staff_needed,
        'hr.shortage_land': rng.randint(0, communes // 2),
        'hr.shortage_planning_construction': rng.randint(0, communes // 2),
        'hr.shortage_finance': rng.randint(0, communes // 3),
        'hr.shortage_it': rng.randint(communes // 4, communes),
        'hr.shortage_education_health': rng.randint(0, communes * 2),
        'hr.recruited': rng.randint(0, 40),
        'hr.transferred': rng.randint(0, 60),
        'hr.labor_contracts': rng.randint(communes, communes * 4),
        'hr.training_courses': courses,
        'hr.trainees': courses * rng.randint(40, 120),
        'hr.policy_settled': rng.randint(50, 900),
        'hr.policy_pending': rng.randint(0, 300),
        'fa.hq_in_use': communes + rng.randint(0, communes // 5),
        'fa.hq_surplus': surplus,
        'fa.hq_surplus_handled': rng.randint(0, surplus),
        'fa.assets_reallocated': rng.randint(0, 500),
        'it.communes_lacking_equipment': rng.randint(0, communes // 3),
        'it.communes_lacking_connectivity': rng.randint(0, communes // 5),
        'it.service_centers_operating': communes - rng.randint(0, 3),
        'it.online_dossiers_received': dossiers,
        'it.online_dossiers_settled_on_time': int(dossiers * rng.uniform(0.82, 0.99)),
        'it.digital_signatures_issued': rng.randint(20, 600),
        'it.procedures_simplified': rng.randint(0, 25),
        'gen.apparatus_smooth': rng.random() > 0.15,
        'gen.overall_assessment': rng.choice(ASSESS),
        'gen.data_cutoff_date': '2025-11-19',
        'gen.contact': f'Văn phòng UBND {name}, 024 3825 {rng.randint(1000, 9999)}',
    }
    values['it.online_on_time_rate'] = round(100 * values['it.online_dossiers_settled_on_time'] / dossiers, 1)
    values['it.avg_processing_days'] = round(rng.uniform(1.5, 6.5), 1)
    if rng.random() < 0.3:
        del values['fa.assets_reallocated']
    fields = rng.sample(sorted(DIFFICULTIES), rng.randint(1, 3))
    difficulties = [{'field': f, 'text': rng.choice(DIFFICULTIES[f])} for f in fields]
    recommendations = [{'addressee': a, 'text': t} for a, t in rng.sample(RECOMMENDATIONS, rng.randint(0, 3))]
    results = province_results(name, values)
    return {
        'unit': code, 'period': PERIOD, 'template': 'province-weekly', 'templateVersion': '1.1',
        'preparedBy': f'Sở Nội vụ {name}',
        'values': values, 'results': results, 'difficulties': difficulties, 'recommendations': recommendations,
    }


TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'Templates')
KINDS = {u['code']: u['kind'] for u in yaml.safe_load(open(os.path.join(TEMPLATES, 'units.yaml'), encoding='utf-8'))['units']}
TASKS = []
for path in sorted(glob.glob(os.path.join(TEMPLATES, 'tasks', '*.yaml'))):
    directive = yaml.safe_load(open(path, encoding='utf-8'))
    for task in directive['tasks']:
        TASKS.append(dict(task, assigned=datetime.date.fromisoformat(task.get('assigned', directive['directive']['date']))))
UNREPORTED = {('CM', 'kl192-action-plan')}  # one task a unit never reports on: a warning each week
NOTES = ['Đang hoàn thiện hồ sơ, trình cấp có thẩm quyền xem xét.', 'Đang lấy ý kiến các cơ quan liên quan.',
         'Đang tổng hợp, rà soát để hoàn thiện.']


# Tasks completed in the synthesized weeks, with the document that shows each done.
DONE_IN_WEEK = {
    ('HN', 'tb08-planning'): ('2025-11-17', 'Quyết định số 4567/QĐ-UBND ngày 17/11/2025 điều chỉnh Quy hoạch Thủ đô'),
    ('DNG', 'kl192-action-plan'): ('2025-11-14', 'Kế hoạch số 215/KH-UBND ngày 14/11/2025'),
    ('HCM', 'kl183-commune-capacity'): ('2025-11-18', 'Quyết định số 5120/QĐ-UBND ngày 18/11/2025'),
    ('BNV', 'kl192-legal-review'): ('2025-11-12', 'Thông tư số 15/2025/TT-BNV ngày 12/11/2025'),
}


def task_plan(task, code):
    """When (if ever) `code` completes `task`: on time for most, late for some, open past the deadline for a few."""
    if (code, task['id']) in DONE_IN_WEEK:
        return datetime.date.fromisoformat(DONE_IN_WEEK[(code, task['id'])][0])
    r = random.Random(f'{task["id"]}:{code}').random()
    assigned = task['assigned']
    if 'deadline' not in task:
        return assigned + datetime.timedelta(days=10 + int(r * 60)) if r < 0.6 else None
    due = datetime.date.fromisoformat(task['deadline'][:10])
    if r < 0.6:
        return max(assigned, due - datetime.timedelta(days=int(r * 15)))
    if r < 0.8:
        return due + datetime.timedelta(days=3 + int((r - 0.6) * 200))
    return None


def tasks_for(code, last_day):
    """What `code`'s weekly report for the period ending `last_day` says of its tasks, every one assigned by then."""
    progress = {}
    for task in TASKS:
        a = task['assignees']
        if not (code in a.get('units', []) or KINDS[code] in a.get('kinds', [])) or task['assigned'] > last_day:
            continue
        if (code, task['id']) in UNREPORTED:
            continue
        done = task_plan(task, code)
        if done is not None and done <= last_day:
            product = DONE_IN_WEEK.get((code, task['id']), (None, task['product']))[1]
            progress[task['id']] = {'status': 'completed', 'completedOn': done.isoformat(), 'product': product}
        else:
            r = random.Random(f'{task["id"]}:{code}:note').random()
            entry = {'status': 'not-started' if r < 0.1 else 'in-progress'}
            if r >= 0.5:
                entry['note'] = NOTES[int(r * 10) % len(NOTES)]
            progress[task['id']] = entry
    return progress


def last_day_of(period, weekday_start):
    """The last day of a weekly period: `weekday_start` 3 for the provinces' Thursday weeks, 0 for ISO weeks."""
    year, week = int(period[:4]), int(period[-2:])
    jan4 = datetime.date(year, 1, 4)
    first = jan4 - datetime.timedelta(days=(jan4.weekday() - weekday_start) % 7)
    return first + datetime.timedelta(days=7 * week - 1)


def with_tasks(report, start=3):
    report['tasks'] = tasks_for(report['unit'], last_day_of(report['period'], start))
    return report


def to_json(report):
    return json.dumps(report, ensure_ascii=False, indent=2) + '\n'


def csv_cell(value):
    if isinstance(value, bool):
        return 'có' if value else 'không'
    return str(value)


def to_csv(report, crlf=False, bom=False):
    out = io.StringIO()
    w = csv.writer(out, lineterminator='\r\n' if crlf else '\n')
    w.writerow(['record', 'key', 'value'])
    for key in ['unit', 'period', 'template', 'templateVersion', 'preparedBy']:
        if key in report:
            w.writerow(['meta', key, report[key]])
    for criterion, value in report['values'].items():
        w.writerow(['value', criterion, csv_cell(value)])
    if isinstance(report.get('results'), dict):
        for topic, text in report['results'].items():
            w.writerow(['results', topic, text])
    elif 'results' in report:
        w.writerow(['results', '', report['results']])
    for d in report.get('difficulties', []):
        w.writerow(['difficulty', d['field'], d['text']])
    for r in report.get('recommendations', []):
        w.writerow(['recommendation', r['addressee'], r['text']])
    for task, progress in report.get('tasks', {}).items():
        for field, value in progress.items():
            w.writerow(['task', f'{task}.{field}', value])
    return ('\ufeff' if bom else '') + out.getvalue()


def write(path, text, encoding='utf-8'):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'wb') as f:
        f.write(text.encode(encoding, errors='replace'))


def central_report(rng, code, name):
    received = rng.randint(5, 60)
    pending = rng.randint(0, 12)
    return {
        'unit': code, 'period': CENTRAL_PERIOD, 'template': 'central-weekly', 'templateVersion': '1.0',
        'preparedBy': f'Văn phòng {name}',
        'values': {
            'min.legal_docs_issued': rng.randint(0, 5), 'min.legal_docs_pending': pending,
            'min.legal_docs_overdue': rng.randint(0, pending), 'min.guidance_docs_issued': rng.randint(0, 8),
            'min.questions_received': received, 'min.questions_answered': rng.randint(received // 2, received),
            'min.hotline_calls': rng.randint(0, 120), 'min.working_groups_sent': rng.randint(0, 4),
            'min.localities_visited': rng.randint(0, 6), 'min.procedures_simplified': rng.randint(0, 20),
            'min.online_services_integrated': rng.randint(0, 15), 'min.standing_unit_established': True,
            'min.overall_assessment': rng.choice(ASSESS),
        },
        'results': f'{name} đã tiếp nhận {received} kiến nghị của địa phương, trả lời kịp thời qua đường dây nóng và văn bản hướng dẫn.',
        'difficulties': [{'field': 'personnel', 'text': 'Khối lượng kiến nghị của địa phương lớn, cán bộ đầu mối còn kiêm nhiệm.'}],
        'recommendations': [],
    }


PROVINCE_HISTORY = [f'2025-W{w}' for w in range(39, 46)]   # 25 Sep – 12 Nov 2025, before the week of PERIOD
CENTRAL_HISTORY = [f'2025-W{w}' for w in range(39, 47)]    # 22 Sep – 16 Nov 2025
MONTHS = ['2025-10', '2025-11']                             # 15 Sep – 14 Oct and 15 Oct – 14 Nov 2025
CENTRAL = [('BNV', 'Bộ Nội vụ'), ('BTC', 'Bộ Tài chính'), ('BXD', 'Bộ Xây dựng'), ('BNNMT', 'Bộ Nông nghiệp và Môi trường'),
           ('BTP', 'Bộ Tư pháp'), ('VPCP', 'Văn phòng Chính phủ')]
MORE_CENTRAL = [('BQP', 'Bộ Quốc phòng'), ('BCA', 'Bộ Công an'), ('BNG', 'Bộ Ngoại giao'), ('BCT', 'Bộ Công Thương'),
                ('BVHTTDL', 'Bộ Văn hóa, Thể thao và Du lịch'), ('BKHCN', 'Bộ Khoa học và Công nghệ'),
                ('BGDDT', 'Bộ Giáo dục và Đào tạo'), ('BYT', 'Bộ Y tế'), ('BDTTG', 'Bộ Dân tộc và Tôn giáo'),
                ('NHNN', 'Ngân hàng Nhà nước Việt Nam'), ('TTCP', 'Thanh tra Chính phủ'), ('VOV', 'Đài Tiếng nói Việt Nam'),
                ('VTV', 'Đài Truyền hình Việt Nam'), ('TTXVN', 'Thông tấn xã Việt Nam')]
# Recommendations to several ministries at once: the synthesis lists them as inter-sectoral issues.
INTERSECTORAL = [
    ('ministry:BTC; ministry:BXD', 'Đề nghị Bộ Tài chính, Bộ Xây dựng hướng dẫn thống nhất việc sửa chữa, cải tạo trụ sở dôi dư để bố trí làm Trung tâm phục vụ hành chính công cấp xã.'),
    ('ministry:BNV; ministry:BTC', 'Đề nghị Bộ Nội vụ, Bộ Tài chính hướng dẫn nguồn kinh phí chi trả chế độ cho cán bộ, công chức cấp xã nghỉ việc sau sắp xếp.'),
    ('ministry:BKHCN; ministry:BNNMT; government', 'Đề nghị Chính phủ chỉ đạo Bộ Khoa học và Công nghệ, Bộ Nông nghiệp và Môi trường kết nối cơ sở dữ liệu đất đai với hệ thống giải quyết thủ tục hành chính cấp xã.'),
]

# Stocks drift slowly; flows (what happened in the week) vary around their level.
STOCKS = {'dc.communes_operating', 'hr.staff_in_post', 'hr.staff_needed', 'fa.hq_in_use', 'fa.hq_surplus', 'it.service_centers_operating'}
SHRINKING = {'hr.shortage_land', 'hr.shortage_planning_construction', 'hr.shortage_finance', 'hr.shortage_it',
             'hr.shortage_education_health', 'hr.policy_pending', 'it.communes_lacking_equipment', 'it.communes_lacking_connectivity'}


def earlier_week(rng, report, period, weeks_back):
    """The same unit's report `weeks_back` weeks before `report`: stocks drift, shortages were larger, flows vary."""
    v = dict(report['values'])
    communes = v['dc.communes_operating']
    for key, value in list(v.items()):
        if not isinstance(value, int) or isinstance(value, bool) or key in ('dc.communes_operating',):
            continue
        if key in STOCKS:
            v[key] = max(0, round(value * (1 - 0.004 * weeks_back * rng.uniform(0.5, 1.5))))
        elif key in SHRINKING:
            v[key] = max(0, round(value * (1 + 0.03 * weeks_back * rng.uniform(0.5, 1.5))))
        else:
            v[key] = max(0, round(value * rng.uniform(0.8, 1.2)))
    v['hr.staff_needed'] = report['values']['hr.staff_needed']
    # Keep every rule of the template: the history must pass the same checks as the week itself.
    v['dc.tasks_with_obstacles'] = min(v['dc.tasks_with_obstacles'], v['dc.tasks_received'])
    v['dc.tasks_beyond_authority'] = min(v['dc.tasks_beyond_authority'], v['dc.tasks_with_obstacles'])
    v['dc.obstacles_resolved'] = min(v['dc.obstacles_resolved'], v['dc.tasks_with_obstacles'])
    v['fa.hq_surplus_handled'] = min(v['fa.hq_surplus_handled'], v['fa.hq_surplus'])
    v['it.online_dossiers_settled_on_time'] = min(v['it.online_dossiers_settled_on_time'], v['it.online_dossiers_received'])
    for key in ('it.communes_lacking_equipment', 'it.communes_lacking_connectivity', 'it.service_centers_operating'):
        v[key] = min(v[key], communes)
    v['hr.trainees'] = max(v['hr.trainees'], v['hr.training_courses'])
    v['hr.shortage_land'] = min(v['hr.shortage_land'], 50000)
    if v['it.online_dossiers_received']:
        v['it.online_on_time_rate'] = round(100 * v['it.online_dossiers_settled_on_time'] / v['it.online_dossiers_received'], 1)
    v['it.avg_processing_days'] = round(min(30, max(0.5, report['values']['it.avg_processing_days'] + rng.uniform(-0.6, 0.9))), 1)
    v['gen.apparatus_smooth'] = rng.random() > 0.2
    v['gen.overall_assessment'] = rng.choice(ASSESS)
    first = datetime.date.fromisoformat(report['values']['gen.data_cutoff_date']) - datetime.timedelta(days=7 * weeks_back)
    v['gen.data_cutoff_date'] = first.isoformat()
    fields = rng.sample(sorted(DIFFICULTIES), rng.randint(1, 3))
    difficulties = [{'field': f, 'text': rng.choice(DIFFICULTIES[f])} for f in fields]
    recommendations = [{'addressee': a, 'text': t} for a, t in rng.sample(RECOMMENDATIONS, rng.randint(0, 2))]
    earlier = dict(report, period=period, values=v, difficulties=difficulties, recommendations=recommendations)
    name = report['preparedBy'].removeprefix('Sở Nội vụ ')
    earlier['results'] = province_results(name, v, opening=f'Trong tuần {period[-2:]},')
    return earlier


def central_history(rng, code, name, period):
    report = central_report(rng, code, name)
    report['period'] = period
    return report


def monthly_report(rng, code, name, month, communes=None):
    received = rng.randint(2000, 90000) if communes else rng.randint(0, 500)
    obstacles = rng.randint(0, 80)
    values = {
        'mo.tasks_with_obstacles': obstacles, 'mo.obstacles_resolved': rng.randint(0, obstacles),
        'mo.documents_issued': rng.randint(1, 40), 'mo.overall_assessment': rng.choice(ASSESS),
        'mo.online_dossiers_received': received, 'mo.online_dossiers_settled_on_time': int(received * rng.uniform(0.85, 0.99)),
        'mo.satisfaction_rate': round(rng.uniform(80, 99), 1),
    }
    if communes:
        values.update({'mo.units_operating': communes, 'mo.staff_in_post': communes * rng.randint(36, 44),
                       'mo.staff_shortage': rng.randint(communes // 2, communes * 3), 'mo.policy_pending': rng.randint(0, 400)})
    field = rng.choice(sorted(DIFFICULTIES))
    return {
        'unit': code, 'period': month, 'template': 'monthly', 'templateVersion': '1.0', 'preparedBy': f'Văn phòng {name}',
        'values': values,
        'results': f'Trong tháng, {name} tiếp tục vận hành ổn định mô hình chính quyền địa phương hai cấp, tiếp nhận {received} hồ sơ trực tuyến.',
        'difficulties': [{'field': field, 'text': rng.choice(DIFFICULTIES[field])}],
        'recommendations': [{'addressee': a, 'text': t} for a, t in rng.sample(RECOMMENDATIONS, rng.randint(0, 2))],
    }


def at(day, hour, minute=0, second=0):
    """An instant in Vietnam time, as the replay log writes it."""
    return f'{day.isoformat()}T{hour:02d}:{minute:02d}:{second:02d}+07:00'


def province_deadline(period):
    """Thursday after the Thursday-to-Wednesday week `period` (week 1 holds 4 January's Thursday week), 08:00."""
    year, week = int(period[:4]), int(period[-2:])
    jan4 = datetime.date(year, 1, 4)
    first = jan4 - datetime.timedelta(days=(jan4.weekday() - 3) % 7)
    return first + datetime.timedelta(days=7 * week)


def central_deadline(period):
    """The Monday after the ISO week `period`; due by its end."""
    return datetime.date.fromisocalendar(int(period[:4]), int(period[-2:]), 1) + datetime.timedelta(days=7)


def receipt_times(rng, deadline_day, hour, files, missing=(), late=(), exact=None):
    """When each file arrived: most the day before or the morning of the deadline, the `late` ones after it."""
    rows = []
    for path, code in files:
        if code in missing:
            continue
        if exact and code in exact:
            rows.append((exact[code], path))
        elif code in late:
            day = deadline_day + datetime.timedelta(days=rng.randint(0, 1) + (1 if hour == 24 else 0))
            rows.append((at(day, rng.randint(hour if hour < 24 else 8, 17), rng.randint(0, 59), rng.randint(0, 59)), path))
        else:
            day = deadline_day - datetime.timedelta(days=rng.randint(0, 1)) if hour < 24 else deadline_day
            latest = hour - 1 if day == deadline_day and hour < 24 else 22
            rows.append((at(day, rng.randint(min(7, latest), latest), rng.randint(0, 59), rng.randint(0, 59)), path))
    return rows


def main():
    rng = random.Random(20251120)
    hist = random.Random(4646)  # history, receipts and additions: the week itself keeps its own sequence
    receipts = []
    week = os.path.join(ROOT, f'province-{PERIOD}')
    week_files = []
    for i, (code, name, communes) in enumerate(PROVINCES):
        report = province_report(rng, code, name, communes)
        if code == 'LCH':
            # Reported more tasks sent up than tasks with obstacles: a warning, stored with the report.
            report['values']['dc.tasks_beyond_authority'] = report['values']['dc.tasks_with_obstacles'] + 2
        if i % 5 == 1:
            addressee, text = INTERSECTORAL[(i // 5) % len(INTERSECTORAL)]
            report['recommendations'].append({'addressee': addressee, 'text': text})
        history = [earlier_week(hist, report, p, 46 - int(p[-2:])) for p in PROVINCE_HISTORY]
        if i % 3 == 0:
            # The same field raised week after week: recurring in the synthesis.
            for earlier in history[-3:]:
                earlier['difficulties'] = [dict(report['difficulties'][0])] + [d for d in earlier['difficulties'] if d['field'] != report['difficulties'][0]['field']][:1]
        if code == 'TH':
            # A figure far outside the province's own history: a data-quality note, not an error.
            report['values']['hr.recruited'] = 400
        for p, earlier in zip(PROVINCE_HISTORY, history):
            if (p, code) in {('2025-W41', 'DB'), ('2025-W43', 'LCH'), ('2025-W44', 'DB'), ('2025-W45', 'CB')}:
                continue  # never sent
            folder = f'province-{p}'
            name_ = f'{code}.json' if (i + int(p[-2:])) % 2 == 0 else f'{code}.csv'
            with_tasks(earlier)
            write(os.path.join(ROOT, folder, name_), to_json(earlier) if name_.endswith('json') else to_csv(earlier))
            if code == 'DNG' and p == '2025-W45':
                # Đà Nẵng corrected its report on the morning of the deadline: the correction supersedes it.
                fixed = json.loads(json.dumps(earlier))
                fixed['values']['dc.guidance_docs_issued'] += 1
                fixed['results']['decentralization'] += ' (Báo cáo thay thế: bổ sung 01 văn bản hướng dẫn ban hành trong tuần.)'
                write(os.path.join(ROOT, folder, 'DNG-corrected.json'), to_json(fixed))
                receipts.append((at(province_deadline(p), 7, 45, 0), f'{folder}/DNG-corrected.json'))
            late = {'2025-W40': {'SL'}, '2025-W42': {'DB', 'GL'}, '2025-W45': {'DB', 'LCI'}}.get(p, set())
            receipts += receipt_times(hist, province_deadline(p), 8, [(f'{folder}/{name_}', code)], late=late)
        with_tasks(report)
        if i % 2 == 0:
            path = f'{code}.json'
            write(os.path.join(week, path), to_json(report))
        else:
            # Every third CSV as Excel on Windows saves it: with a byte-order mark and CRLF line ends.
            windows = i % 3 == 0
            path = f'{code}.csv'
            write(os.path.join(week, path), to_csv(report, crlf=windows, bom=windows))
        week_files.append((f'province-{PERIOD}/{path}', code))
    deadline = province_deadline(PERIOD)
    receipts += receipt_times(hist, deadline, 8, week_files, exact={
        'HN': at(deadline, 7, 59, 59),                       # the last second on time
        'HP': at(deadline, 8, 0, 0),                         # the first second late
        'CM': at(deadline, 15, 20, 0),                       # later that day
        'AG': at(deadline + datetime.timedelta(days=1), 10, 5, 0),
    })
    central = os.path.join(ROOT, f'central-{CENTRAL_PERIOD}')
    for code, name in CENTRAL:
        write(os.path.join(central, f'{code}.json'), to_json(with_tasks(central_report(rng, code, name), start=0)))
        receipts.append((at(central_deadline(CENTRAL_PERIOD), 16, hist.randint(0, 59)), f'central-{CENTRAL_PERIOD}/{code}.json'))
    for p in CENTRAL_HISTORY:
        files = []
        for code, name in CENTRAL + MORE_CENTRAL:
            path = f'central-{p}/{code}.json'
            write(os.path.join(ROOT, path), to_json(with_tasks(central_history(hist, code, name, p), start=0)))
            files.append((path, code))
        missing = {'BQP', 'BCA'} if p == '2025-W46' else {'BQP'}
        receipts += receipt_times(hist, central_deadline(p), 24, files, missing=missing,
                                  late={'BYT'} if p in ('2025-W44', '2025-W46') else set())
        for path, code in files:
            if code in missing:
                os.remove(os.path.join(ROOT, path))

    for month in MONTHS:
        files = []
        for code, name, communes in PROVINCES:
            path = f'monthly-{month}/{code}.json'
            write(os.path.join(ROOT, path), to_json(monthly_report(hist, code, name, month, communes)))
            files.append((path, code))
        for code, name in CENTRAL + MORE_CENTRAL:
            path = f'monthly-{month}/{code}.json'
            write(os.path.join(ROOT, path), to_json(monthly_report(hist, code, name, month)))
            files.append((path, code))
        due = datetime.date(int(month[:4]), int(month[5:]), 25)
        receipts += receipt_times(hist, due, 24, files, late={'SL', 'BYT'} if month == '2025-10' else set())

    # Week-47 forms filled in Excel-like tools (made by scripts/make-sample-forms.sh), received before their deadline.
    for minute, unit in enumerate(['HN', 'DNG', 'LS']):
        receipts.append((at(datetime.date(2025, 11, 26), 15, 10 + minute), f'forms/province-2025-W47-{unit}.xlsx'))

    with open(os.path.join(ROOT, 'receipts.csv'), 'w', encoding='utf-8', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['receivedAt', 'file'])
        for row in sorted(receipts):
            w.writerow(row)
    # Invalid files: each shows exactly one error, named in the file name.
    bad = os.path.join(ROOT, 'invalid')
    # Checked as of whenever `tonghop validate` runs: they speak of every task assigned to their unit so far.
    every_task = datetime.date(2026, 1, 31)
    base = lambda: dict(province_report(random.Random(7), 'HN', 'Hà Nội', 126), tasks=tasks_for('HN', every_task))

    def variant(name, change, fmt='json'):
        report = base()
        change(report)
        write(os.path.join(bad, f'invalid-{name}.{fmt}'), to_json(report) if fmt == 'json' else to_csv(report))

    variant('unknown-unit', lambda r: r.update(unit='HNI'))
    variant('malformed-period', lambda r: r.update(period='2025-46'))
    variant('unknown-period', lambda r: r.update(period='2025-W54'))
    variant('template-mismatch', lambda r: r.update(templateVersion='0.9'))
    variant('unknown-criterion', lambda r: r['values'].update({'dc.task_recieved': 12}))
    variant('missing-criterion', lambda r: r['values'].pop('hr.staff_in_post'))
    variant('wrong-type', lambda r: r['values'].update({'it.avg_processing_days': '3,5'}), fmt='csv')
    variant('out-of-bounds', lambda r: r['values'].update({'hr.recruited': -4}))
    variant('not-in-choices', lambda r: r['values'].update({'gen.overall_assessment': 'Xuất sắc'}))
    variant('rule-violated', lambda r: r['values'].update({'fa.hq_surplus_handled': r['values']['fa.hq_surplus'] + 5}), fmt='csv')
    variant('text-too-long', lambda r: r['values'].update({'gen.contact': 'Văn phòng Ủy ban nhân dân thành phố. ' * 8}))
    variant('unknown-difficulty-field', lambda r: r['difficulties'].append({'field': 'đất đai', 'text': 'Thiếu cán bộ địa chính.'}))
    variant('unknown-addressee', lambda r: r['recommendations'].append({'addressee': 'ministry:BOGUS', 'text': 'Đề nghị hướng dẫn.'}))
    variant('unit-not-on-schedule', lambda r: r.update(unit='BNV', tasks=tasks_for('BNV', every_task)))
    variant('missing-results', lambda r: r.update(results={'general': '   '}))
    variant('unknown-topic', lambda r: r['results'].update({'land': 'Đã cấp 120 giấy chứng nhận quyền sử dụng đất.'}))
    variant('unknown-task', lambda r: r['tasks'].update({'cv69-decree': {'status': 'in-progress'}}))
    variant('task-not-assigned', lambda r: r['tasks'].update({'cv69-decrees': {'status': 'completed', 'completedOn': '2025-06-14'}}))
    variant('task-progress', lambda r: r['tasks'].update({'tb08-planning': {'status': 'completed', 'product': 'Quyết định điều chỉnh quy hoạch'}}), fmt='csv')
    dup = to_csv(base()).replace('value,dc.tasks_received,', 'value,dc.guidance_docs_issued,3\nvalue,dc.tasks_received,', 1)
    write(os.path.join(bad, 'invalid-duplicate-criterion.csv'), dup)
    good = to_json(base())
    write(os.path.join(bad, 'invalid-malformed-file.json'), good.replace('"period": "2025-W46",', '"period": "2025-W46"', 1))
    write(os.path.join(bad, 'invalid-empty-file.csv'), '')
    write(os.path.join(bad, 'invalid-unclosed-quote.csv'),
          to_csv(base()) + 'recommendation,government,"Đề nghị Chính phủ sớm hướng dẫn, bổ sung kinh phí\n')
    # Saved in the legacy Windows-1258 encoding instead of UTF-8.
    write(os.path.join(bad, 'invalid-not-utf8.csv'), 'record,key,value\nmeta,unit,HN\nmeta,preparedBy,Sở Nội vụ Hà Nội\n', encoding='cp1258')


if __name__ == '__main__':
    main()
