"""Whether a person a file records as dead or out of the Party is still so: one rule for the
validation warning `event.left_in_other_file` and the work lists' red rows; and whether one a
file records as moved out of the ward still is (`still_moved_out_people`, the rule of
`event.moved_out_in_other_file`: unless a "Chuyển đến" of any scope, in any file, is dated on or
after the move).

A final change (`FINAL_EVENTS`: Từ trần, Xóa tên, Khai trừ, Xin ra khỏi Đảng) takes a person
off every roll of the ward. Nothing brings a dead person back: a death holds whatever is dated
after it (a "Chuyển đến" dated after a death in another organisation's file is a member who
died while moving, or a mix-up of two files, never a return). Leaving the Party is undone only
by a change that brings the person back into the Party (`RETURNING_EVENTS`: Kết nạp, Kết nạp
lại, Phục hồi đảng tịch) dated on or after it, in any file: struck off by one organisation,
then readmitted by another. A plain "Chuyển đến" moves a member between rolls; it brings
nobody back into the Party.

A change is a person's by name and birth date; one whose name no one has exactly is the person's
whose name differs from it only by accents (`vocab.accent_aliases`, the rule a `Kết nạp lại`
row is matched by: "Pham Van Dung" dead in one file is Phạm Văn Dũng on another's roll, and a
"Tran Van Hoa" readmitted brings back the Trần Văn Hòa another file struck off; `still_left_people`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from toolkit.core import vocab

Ref = TypeVar("Ref")
# (name key, birth date, file): a person of a roll, or of a file's leaving rows.
Person = tuple[str, Hashable, Hashable]

# Changes after which a person is on no roll of the ward (a transfer out is not one: another
# roll has the person then).
FINAL_EVENTS = ("died", *vocab.REMOVAL_EVENTS)
# Changes that bring a person who left the Party back into it.
RETURNING_EVENTS = (*vocab.ADMISSION_EVENTS, "restored")


def happened_by(date: dt.date | None, cutoff: dt.date | None) -> bool:
    """Whether a change dated ``date`` has happened at the cut-off ``cutoff`` (§5: the rolls and
    the lists are at the cut-off; a change dated after it is the next period's,
    `event.after_cutoff`): dated on or before it, or undated, or with no cut-off known. The one
    rule by which a readmission or another change bringing a person back into the Party
    (`RETURNING_EVENTS`) dated after the cut-off starts no probation, times no exemption and
    undoes no removal: `worklists.collect.readmitted_people` and `left_people`, and, on a frame,
    `by_cutoff` (validation's readmission lookups, `event.left_in_other_file`)."""
    return date is None or cutoff is None or date <= cutoff


def by_cutoff(events: pd.DataFrame) -> pd.DataFrame:
    """`events` (rows of a `Biến động` frame with `event_date` and `_D`, each row's file's
    cut-off) without the changes that have not happened at their file's cut-off (`happened_by`,
    on whole columns). `events` itself when none is dated after it."""
    date, cutoff = events["event_date"], events["_D"]
    later = (date.notna() & cutoff.notna() & (date > cutoff)).to_numpy(dtype=bool)
    return events[~later] if later.any() else events


def still_left(kind: str, date: dt.date | None, returned: dt.date | None) -> bool:
    """Whether a final change of ``kind`` (a `FINAL_EVENTS` code) dated ``date`` still holds for
    a person whose latest change bringing them back into the Party (`RETURNING_EVENTS`, in any
    file) is dated ``returned`` (None when there is none, or none dated): a death always; leaving
    the Party unless ``returned`` is on or after its date (an undated leaving is never undone)."""
    if kind == "died" or returned is None or date is None:
        return True
    return returned < date


def still_left_people(
    changes: Iterable[tuple[str, Hashable, Hashable, str, dt.date | None, Ref]],
    roll: Iterable[Person],
    leavers: Iterable[Person],
) -> dict[tuple[str, Any], list[tuple[str, dt.date | None, Ref]]]:
    """(name key, birth date) → the final changes of that person that still hold (`still_left`
    against the person's latest dated returning change, in any file), each as (kind, date, ref).

    ``changes``: (name key, birth date, file, kind code, date, ref) of the files' final and
    returning changes (others are passed over). ``roll``: (name key, birth date, file) of the
    files' members; ``leavers``: of their leaving rows (whom a readmission may be, as
    `worklists.collect.readmitted_people` and validation's readmission checks match it). A
    change whose name no one has exactly is the one person's whose name differs from it only by
    accents (`vocab.accent_aliases`, own file first; a change two people could be is no one's):
    a final change among the rolls (it is its own leaver), a returning change among the rolls and
    the leavers, the rule a `Kết nạp lại` row is matched by (hunt71 #1 #2). People of a birth
    date no change has may be left out of ``roll`` and ``leavers``."""
    return _still_held(changes, roll, leavers, FINAL_EVENTS, RETURNING_EVENTS, still_left)


# A move out of the ward: a "Chuyển đi" of any scope but inside the ward (`transfer_scope`).
OUTSIDE_SCOPES = tuple(code for code in vocab.TRANSFER_SCOPE.codes if code != "internal")


def still_moved_out(kind: str, date: dt.date | None, returned: dt.date | None) -> bool:
    """Whether a move out of the ward dated ``date`` still holds for a person whose latest
    "Chuyển đến" (of any scope, in any file) is dated ``returned`` (None when there is none, or
    none dated): unless ``returned`` is on or after it (an undated move is never undone, as an
    undated leaving of the Party is not, `still_left`)."""
    return returned is None or date is None or returned < date


def still_moved_out_people(
    changes: Iterable[tuple[str, Hashable, Hashable, str, dt.date | None, Ref]],
    roll: Iterable[Person],
    leavers: Iterable[Person],
) -> dict[tuple[str, Any], list[tuple[str, dt.date | None, Ref]]]:
    """(name key, birth date) → the moves out of the ward of that person that still hold
    (`still_moved_out`: no "Chuyển đến" of any scope in any file dated on or after it), each as
    (kind, date, ref): the rule of `event.moved_out_in_other_file` and of the work lists' red
    rows for it. ``changes`` as `still_left_people`'s, of kinds ``transfer_out`` (only the moves
    OUT OF THE WARD: the caller leaves out those of scope `internal`, and those without a scope)
    and ``transfer_in`` (others are passed over); names matched as `still_left_people` matches
    them: a move among the rolls, an arrival among the rolls and the leavers."""
    return _still_held(changes, roll, leavers, ("transfer_out",), ("transfer_in",), still_moved_out)


def _still_held(
    changes: Iterable[tuple[str, Hashable, Hashable, str, dt.date | None, Ref]],
    roll: Iterable[Person],
    leavers: Iterable[Person],
    final_kinds: tuple[str, ...],
    back_kinds: tuple[str, ...],
    holds: Callable[[str, dt.date | None, dt.date | None], bool],
) -> dict[tuple[str, Any], list[tuple[str, dt.date | None, Ref]]]:
    """(name key, birth date) → the changes of ``final_kinds`` (taking a person off every roll of
    the ward) that still hold by ``holds`` (kind, date, the person's latest dated change of
    ``back_kinds`` in any file), each as (kind, date, ref): `still_left_people` and
    `still_moved_out_people`, one matching of names."""
    rows = [c for c in changes if c[3] in final_kinds or c[3] in back_kinds]
    final = [(key, birth, file) for key, birth, file, kind, _, _ in rows if kind in final_kinds]
    if not final:
        return {}
    births = {birth for _, birth, _ in final}
    rows = [c for c in rows if c[1] in births]  # a return of another birth date is no leaver's
    people = [p for p in roll if p[1] in births]
    final_alias = vocab.accent_aliases(final, people)
    back_alias = vocab.accent_aliases(
        ((key, birth, file) for key, birth, file, kind, _, _ in rows if kind in back_kinds),
        [*people, *(p for p in leavers if p[1] in births)],
    )
    found: dict[tuple[str, Any], list[tuple[str, dt.date | None, Ref]]] = {}
    returned: dict[tuple[str, Any], dt.date] = {}
    for key, birth, file, kind, date, ref in rows:
        if kind in final_kinds:
            found.setdefault((final_alias.get((key, birth, file), key), birth), []).append((kind, date, ref))
        elif date is not None:
            person = (back_alias.get((key, birth, file), key), birth)
            if date > returned.get(person, dt.date.min):
                returned[person] = date
    out = {}
    for person, held in found.items():
        kept = [row for row in held if holds(row[0], row[1], returned.get(person))]
        if kept:
            out[person] = kept
    return out


# Words of a `Ghi chú` that say the member left the organisation, on the note without accents
# (`_fold`: case kept, matched ignoring it, but a place's capital seen). A false warning tells
# the office to delete a member still in the Party, so an odd phrasing is rather missed: the
# departure must open the note (after "đã", "bị", "được"), so that a relative ("con trai chuyển
# đi", "anh trai đã mất", "ông nội từ trần"), a negation or a proposal ("không/chưa/đề nghị xóa
# tên") before it is not the member's; the member's title ("Đ/c", "Ông Nguyễn Văn A"), a
# decision ("Đã có QĐ") or the reason of a striking off may open it (`_OPENING`).
# Moved away: "chuyển sinh hoạt (đảng) (chính thức) đi/sang/ra khỏi", "chuyển SH/SHĐ đi", never a work,
# study or medical trip; "chuyển sinh hoạt … về" only before another body or a place NAMED ("về Đảng
# bộ phường X", "về Hà Nội"; not "về chi bộ", "về nơi cư trú", "về (Đảng bộ) phường ngày …": an
# arrival to this ward); not "sang đây", "sang
# từ …" nor "sang/về … từ <date>" (the member came: "sang Đảng bộ phường từ 01/7/2025"); a bare
# "chuyển đi" only at the end, before a date, "ngày/tháng/năm", a Party body, a place ("phường X",
# "tỉnh Y", "TP. HCM", "nơi khác", a capitalised name: "chuyển đi Hà Nội") or "theo giấy giới
# thiệu/quyết định", and not with a trip's purpose anywhere after it ("chuyển đi khám bệnh",
# "chuyển đi Hà Nội điều trị", "chuyển đi ngày 3/3/2026 để chữa bệnh" are not). A move is undone
# by a return written after it ("chuyển về lại", "nay đã chuyển về", "tháng 3/2026 chuyển về") or
# an arrival to this ward ("…, về (sinh hoạt tại) phường" naming no other ward), and a move out of
# the armed forces ("chuyển sinh hoạt ra khỏi quân đội/Đảng bộ Quân sự", "đi từ Công an tỉnh") is
# an arrival (a move into them, "chuyển sinh hoạt đi Công an tỉnh", is not). Home: "chuyển (sinh
# hoạt) về quê", "(đã) về quê sinh sống/định cư", not a bare "về quê" (a visit: "về quê ăn Tết"),
# one for a while ("1 tuần", "vài hôm") or for a trip's purpose ("về quê thăm gia đình").
# Emigrated: "(đã) đi/sang/xuất cảnh … định cư", "định cư (ở) nước ngoài / <a country>"
# (`_EMIGRATED`); never a bare "xuất cảnh" (a trip abroad as often), work abroad ("xuất khẩu lao
# động") nor "đi xa" (working away; "đi xa mãi mãi" is a death, `_GONE_FOREVER`).
# Died: "từ trần", "tử vong", "qua đời", "hy sinh", and "(đã) mất", "chết" only at the end, before a date,
# "ngày/tháng/năm", punctuation, a cause ("do bệnh", "vì ung thư", "bệnh tim") or "tại" a place
# ("đã mất sức lao động", "đã mất thẻ", "đã mất liên lạc", "đã mất tài sản" are not); and no
# relative named right after it, after its cause and punctuation ("Mất do bệnh (vợ)"), after its
# date ("là …" too) or in brackets after its place ("Mất (vợ)", "Đã mất, bố của đ/c", "Mất ngày 3/5 (mẹ đẻ)",
# "Mất ngày 2/2/2026, là mẹ của đ/c", "Mất tại nhà ngày 3/3 (vợ)": the note is of a relative's death; a
# relative further on or who told of it, "…, con trai báo tin", "(con gái báo)" dated or not, or a place, "tại
# TP. Hồ Chí Minh", is not). Struck off ("xóa tên", not "xóa tên khỏi/trong danh sách" of anything but the
# members: "… danh sách miễn sinh hoạt / tạm miễn / đi làm ăn xa"), expelled, out of the Party ("ra khỏi
# Đảng", not "ra khỏi Đảng bộ …", a move between Party bodies). Nothing is said of a note that also says the
# matter was temporary, undone or not done yet: "tạm thời", "vẫn sinh hoạt", "kết nạp lại", "phục hồi", "nhưng
# chưa", "chưa nhận/nộp/xong/đến", "xác minh" but "đã xác minh" (`_UNDONE`), "sáp nhập" (`_MERGED`) but of a
# move away naming the place, but for a death, never temporary, and a striking off whose paperwork only is
# pending ("chưa nộp thẻ", "nhưng chưa báo cáo"); nor of a doubt ("?", "chưa/cần xác minh"), a death's too.
# A date: "3/3/2026", "3.3.2026", a day and month ("3/3"), a month ("3/2026", "T3/2026"), a year;
# one written with dashes ("3-3-2026", "3-2026") is read with spaces (`_fold`). A day and month
# without a year only at the end, before punctuation or "tại" ("Mất 3/3", "Mất 3/3, tại nhà"),
# or after "ngày/tháng" (`_END`): "Mất 2/3 thị lực" is a fraction (hunt96).
_DATE = (
    r"(?:\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4}|(?=\s*(?:$|[^\w\s]|tai\b)))|\d{1,2}[/.]\d{4}|t ?\d{1,2}[/.]\d{2,4}"
    r"|\d{1,2} (?:\d{1,2} )?(?:19|20)\d{2}|(?:19|20)\d{2})\b"
)
# Where a departure's words may end: the note's end, punctuation, a date ("từ" one: "chuyển đi
# từ ngày 3/3/2026"), "ngày/tháng/năm".
_END = rf"(?=\s*(?:$|[^\w\s]|(?:tu (?:ngay |thang |nam )?)?{_DATE}|(?:ngay(?! cong\b)|thang|nam|luc|vao)\b))"
# "Đ/c", "Đc", "Đ.c": the member ("đồng chí").
_DC = r"(?:d ?[/.]? ?c)"
# A relative: the death is the relative's when one is named right after it ("Mất (vợ)", "Đã
# mất, bố của đ/c") or after its date in brackets, after a dash or closing the note ("Mất ngày
# 3/5 (mẹ đẻ)", "Mất 2/2026 - chồng"; anywhere further on too, `_KIN_LATER`), not a relative
# who tells of it ("…, con trai báo tin").
# "bo" (bố) not of "Đảng bộ", "chi bộ"; "chi" (chị) not of "chi bộ". A word that is a common
# word without its accents too ("cô" có, "dì" đi, "chú" chữ, "bác" bạc, "cậu" câu, "mợ" mộ,
# "dượng" đường) only before "ruột", or alone in brackets or after "là" ("Mất (bác ruột)", "là chú
# ruột đ/c", "Mất ngày 3/3 (dượng)", "là cô của đ/c"; not "Từ trần, có con trai báo tin", "Mất (có
# giấy báo tử)") (hunt96).
_KIN_SHORT = r"(?:co|di|chu|bac|cau|mo|duong)"
_KIN = (
    r"(?:vo|chong|cha|me|ma|(?<!dang )(?<!chi )bo|con(?! dao\b)|anh|chi(?! bo\b)|em|ong|ba|chau|nguoi than"
    r"|than nhan|nguoi nha|than phu|than mau|nhac phu|nhac mau|(?:cu )?than sinh|phu than|phu nhan|thim"
    rf"|(?:(?<=\()|(?<=\( )|(?<=\bla )){_KIN_SHORT}(?=\s*\)|\s+(?:cua|dong chi|{_DC})\b)"
    rf"|{_KIN_SHORT}(?= ruot\b))"
)
# Also after "là" ("Từ trần ngày 5/2/2026 là bố đẻ của đồng chí") and in brackets after a place
# and a date ("Mất tại nhà ngày 3/3 (vợ)"); a relative in brackets who told of it is not one
# ("Từ trần ngày 3/3/2026 (con gái báo)").
# Up to two words may come between them, a comma before "báo" ("con gái đ/c báo", "con trai, báo
# tin"); right after the death too ("Từ trần (con gái báo)", undated, is the member's).
_KIN_TOLD = rf"{_KIN}\b(?!(?:\s[\w/]+){{0,2}},?\s*bao\b(?! cao))"
_KIN_AFTER = (
    rf"(?:[\W_]*(?:\([^()]*\)[\W_]*|\([^(),]*,\s*)?(?:la )?{_KIN_TOLD}"
    rf"|(?:\s*tai\b[^\d,;()]*?)?\s*(?:(?:ngay|thang|nam) )?(?:t ?)?\d[\d/.]*(?: \d[\d/.]*){{0,2}}"
    rf"(?:\s*(?:[,;:\-]?\s*\((?:[^(),]*,\s*)?|[:\-])\s*{_KIN_TOLD}"
    rf"|\s*[,;]?\s*(?:la )?(?:liet si (?:- )?)?{_KIN_TOLD}(?: \w+){{0,2}}"
    rf"\s*(?:$|[^\w\s]|(?:cua|dong chi|{_DC})\b))"
    rf"|\s*tai\b[^\d,;()]*?\s*[,;:]?\s*\(\s*{_KIN_TOLD})"
)
# A relative in brackets after a move: the move is the relative's ("Chuyển sinh hoạt đi Đảng bộ xã
# Tân An (chồng)") (hunt96).
_KIN_MOVED = rf"\(\s*{_KIN}(?: \w+)?\s*\)"
# What a trip is for: a member who goes for it stays in the organisation.
_TRIP = (
    r"(?:cong tac|hoc|lam|kham|chua|dieu tri|benh vien|lao dong|xuat khau|du lich|tham"
    r"|o voi|song voi|o cung|song cung|o nho|cham soc|nuoi)"
)
# A place one moves to (a capitalised name: "Hà Nội"; "TP. HCM"): an administrative unit only
# with its name ("phường Bến Nghé", "phường 5"; not "phường ngày 15/01/2026", "phường (nhận …)").
_UNIT = r"(?:phuong|xa|quan|huyen|tinh|thanh pho|thi xa|thi tran|dac khu)"
# A word that names a place or a body: no unit, body, date or linking word ("Đảng bộ phường
# ngày 3/3/2026" names none), a number only as a name ("phường 5", not "phường 15/01/2026").
# Nor a part of the ward ("Khu phố 5", "Tổ dân phố 7") or the ward after a merger ("phường mới").
_NAME = (
    rf"(?!(?:{_UNIT}|dang bo|dang uy|chi bo|ngay|thang|nam|tu|tai|luc|vao|theo|de|va|nay|day|da"
    r"|roi|cua|noi|nhan|sinh hoat|sh|khu pho|khu dan cu|kp|to dan pho|tdp|to|moi)\b)"
    r"(?:[^\W\d_]|\d+\b(?![/.]\d))"
)
# A capitalised place whose first word is one of those ("Đà Nẵng", "Nam Định", "Từ Sơn", "Cửa
# Lò", "Lục Ngạn", "Thăng Bình", "Tịnh Biên") when a capitalised name follows it (hunt96).
_WHERE = (
    rf"(?:{_UNIT} {_NAME}|tp\.? ?\w"
    r"|(?:nuoc ngoai|noi khac|dia phuong khac|don vi khac|co quan khac)\b"
    rf"|(?={_NAME})(?-i:[A-Z][a-z])"
    rf"|(?-i:(?:Da|Nam|Tu|Cua|Luc|Thang|Tinh) )(?={_NAME})(?-i:[A-Z][a-z]))"
)
_PLACE = rf"(?:{_WHERE}|theo (?:giay|ggt|quyet dinh|qd)\b)"
# A return written after a move: the member is back ("chuyển về lại", "nay đã chuyển về", a
# bare "chuyển về" at the end or before a date: "tháng 3/2026 chuyển về", "đã chuyển về 3/2026").
# An arrival to this ward's body is one too: "về (sinh hoạt tại) (Đảng bộ) phường" naming no other
# ward ("Chuyển sinh hoạt ra khỏi đơn vị, về phường"; "về phường Bến Nghé" is a move away).
_BACK = (
    r"\b(?:ve lai\b|nay (?:da )?(?:chuyen|ve)\b"
    rf"|chuyen (?:(?:sinh hoat|sh)(?: dang)? |shd )?ve{_END}"
    r"|ve (?:(?:sinh hoat|sh)(?: dang)? (?:tai )?|shd (?:tai )?)?"
    rf"(?:(?:dang bo|dang uy) )?phuong(?! {_NAME}))"
)
# The armed forces: a move out of them ("ra khỏi quân đội", "ra khỏi Đảng bộ Quân sự", "đi từ
# Công an tỉnh") is how a soldier or policeman came to the ward, never a departure from it.
_ARMY = (
    r"(?:(?:dang bo|dang uy|chi bo|don vi|luc luong|nganh|co quan) )?"
    r"(?:quan doi|quan su|quan ngu|quan khu|bo doi|cong an|vu trang|llvt|quoc phong|bien phong)\b"
)
# Home ("quê"): "chuyển (sinh hoạt) về quê", "(đã) về quê sinh sống/định cư/ở hẳn" is a move away;
# a bare "về quê" is a visit ("về quê ăn Tết"), and so is one for a while ("1 tuần", "vài ngày",
# "ít hôm": a number of days, weeks or months, not a date's "15 tháng 3") or for a trip's purpose.
_HOME = (
    r"(?:chuyen (?:(?:sinh hoat|sh)(?: dang)? |shd )?ve que\b"
    r"|ve que (?=(?:sinh song|dinh cu|o han|song han|o luon|song luon)\b))"
)
_WHILE = (
    r"\b(?:(?<!ngay )(?<!thang )\d+|mot|hai|ba|bon|vai|may|it|nua) (?:ngay|tuan|thang|hom)\b(?! \d)"
    r"|\b(?:nghi phep|an tet|don tet|ve tet)\b"
)
_MOVE = r"chuyen (?:(?:sinh hoat|sh)(?: dang)?|shd)(?: chinh thuc)? "
# "sang/về … từ <date>" in the same clause: since when the member has been here.
# A part of the ward one moves to inside it: a chi bộ but "chi bộ khác", a "Khu phố", a "Tổ dân
# phố", a "tổ 7" ("Chuyển sinh hoạt sang chi bộ 5", "… sang Khu phố 4") (hunt96).
_WARD_PART = r"(?:chi bo(?! khac\b)|khu pho|khu dan cu|kp|to dan pho|tdp|to(?= \d))\b"
_SINCE = r"(?![^,;]*\btu (?:ngay |thang |nam )?\d)"
# The words a note may open with before any departure: the member ("Đ/c", "Đc", "Đ.c", "Đồng
# chí", "Đảng viên", "ĐV", "Ông/Bà/Cụ" with a capitalised name or none: not "Ông Nội", "Ông Bà",
# nor a relative by marriage or a younger one, "Ông Dượng", "Bà Sui", "Ông Trẻ", "Bà Thông gia",
# unless another capitalised name follows: "Ông Dương Văn Minh"), the reason one was struck off
# ("Tự ý bỏ sinh hoạt, đã xóa tên"), "đã/bị/được/vừa/mới", a decision ("Đã có QĐ xóa tên", "Có
# quyết định khai trừ", "QĐ xóa tên ngày …").
_OPENING = (
    rf"(?:(?:{_DC}|dong chi|dang vien|dv|ong|ba|cu)"
    rf"(?: (?!(?:{_KIN}|noi|ngoai|co|chu|bac|di|cau|thim|mo)\b)"
    r"(?!(?:duong|sui|tre|thong gia)\b(?! (?-i:[A-Z])))(?-i:[A-Z])\w*){0,4} )?"
    r"(?:(?:(?:tu y )?bo (?:sinh hoat|sh|shd)\b|vi pham\b)[^,;]*[,;] ?(?:chi bo )?)?"
    r"(?:(?:da|bi|duoc|da bi|da duoc|vua|moi|da vua|vua moi) )?"
    r"(?:(?:co )?(?:qd|quyet dinh)(?: so [^\s,;]+)? (?:(?:da|bi) )?)?"
)
# What says the matter was temporary, undone, not done yet or in doubt (not of a death: a death is
# never temporary; "?" and "chưa/cần xác minh" are doubts of a death too; "đã xác minh" is no
# doubt). A striking off or an expulsion whose paperwork only is pending ("Đã khai trừ, chưa nộp
# thẻ", "Đã xóa tên nhưng chưa báo cáo Đảng ủy") is done (`_UNDONE_REMOVAL`) (hunt96).
_PAPERWORK = r"(?:nop (?:lai )?the|tra the|thu hoi the|bao cao)\b"
_UNDONE_REMOVAL = (
    r"\b(?:tam thoi|van (?:dang )?(?:sinh hoat|sh)|ket nap lai|phuc hoi"
    rf"|nhung chua(?! {_PAPERWORK})|chua (?!{_PAPERWORK})(?:nhan|nop|xong|hoan thanh|hoan tat|den|toi)"
    r"|(?<!da )xac minh)\b"
)
_UNDONE = (
    r"\b(?:tam thoi|van (?:dang )?(?:sinh hoat|sh)|ket nap lai|phuc hoi|nhung chua"
    r"|chua (?:nhan|nop|xong|hoan thanh|hoan tat|den|toi)|(?<!da )xac minh)\b"
)
# A move of the ward's merger ("sáp nhập", "hợp nhất"): an arrival to the ward's new body, unless
# the move is away ("đi") to a place it names ("Chuyển sinh hoạt đi Đảng bộ phường Tân Định
# (phường mới sau sáp nhập)" is said; "… đi phường mới (sáp nhập)", "… về Đảng bộ phường Mẫu (sáp
# nhập)" are not: the ward's own name is not known to validation) (hunt96).
_MERGED = r"\b(?:sap nhap|hop nhat)\b"
_NAMED_AWAY = rf"(?:(?= (?:(?:dang bo|dang uy|chi bo) )?{_WHERE})|(?!.*{_MERGED}))"
# A list, book or group other than the roll of members one may be struck off ("xóa tên khỏi …"):
# a list of members of a kind ("danh sách (Đảng viên) (diện) miễn sinh hoạt / tạm miễn / nghỉ
# sinh hoạt / đi làm ăn xa / dự bị / cao tuổi / được …", any other list), a book that is not the
# members' ("sổ theo dõi …"; not "sổ đảng viên"), a group, a household register, an association
# ("nhóm Zalo", "hộ khẩu", "Hội Người cao tuổi") (hunt96).
_OTHER_LIST = (
    r"(?:danh sach|ds) (?:(?:dang vien|dv) (?=(?:dien )?(?:(?:tam )?mien|nghi|di lam|lam an|di xa|cao tuoi"
    r"|duoc|de nghi|khen|du bi))|(?!(?:dang vien|dv|dang|chi bo)\b))|(?:tam )?mien\b"
    r"|so (?!(?:dang vien|dv|dang|danh sach)\b)|nhom\b|ho khau\b|hoi\b|zalo\b"
)
# A death's cause ("Mất do bệnh", "Mất vì ung thư"), not a loss's ("Mất do thất lạc").
_CAUSE = r"(?= (?:do|vi)\b(?! (?:that lac|bi|so suat|danh roi)\b))"
# A person named Mất or Chết, the last capitalised word after "Ông/Bà/Cụ" before the end or
# punctuation: "Ông Mất", "Ông Mất, tổ 5", "Bà Nguyễn Thị Chết" (hunt96).
_NAMED_DEATH = r"[\W_]*(?:ong|ba|cu) (?:(?-i:[A-Z])\w* ){0,3}(?-i:Mat|Chet)\s*(?:$|[^\w\s])"
# A death of an illness without "do/vì" ("Mất bệnh", "Chết bệnh tim"; not "Mất bệnh án", a lost
# medical record).
_ILLNESS = r"(?= benh\b(?! an\b))"
# A relative named anywhere after a death, after its cause, place or date (fixAT, fixBA, fixBJ):
# the death is the relative's. A kin word (`_KIN_HEAD`, with up to two qualifiers: "con trai", "mẹ
# đẻ", "bố chồng", "bác ruột") counts only where its place makes it one, the way an office writes
# who died: right after punctuation (a bracket, a dash, a comma: "Mất do tai nạn giao thông - em
# trai", "Mất ngày 5/1/2026 tại BV Chợ Rẫy (chồng)"), "của" or "là" ("Mất do bệnh của vợ", "…, là
# con trai đ/c"), and closing the note, a clause or naming whose it is ("của", "đ/c", "đồng chí",
# "chị Lan": "(chồng chị Lan)"). So a common word that is a kin word without its accents ("còn nợ",
# "có giấy", "ba ngày", "chỉ", "anh em trong chi bộ"), a person who told of it ("…, con trai báo
# tin", "- em trai đ/c báo tin"), "cùng vợ" (the member died with her) and a place are no relative;
# nor is a relative's home, where the member died ("Mất tại nhà (riêng) (của) con gái"), or the
# relative's word ("thông báo của con trai"). A relative in brackets after a home is one ("Mất tại
# nhà (con gái)"), as after any place. "Côn Đảo"
# ("Con Dao" without accents) is a place, not "con" (hunt107).
_KIN_QUALIFIER = r"(?:trai|gai|de|ruot|ho|nuoi|ke|dau|re|ca|ut|noi|ngoai|xa|vo|chong|sinh|ba noi|ba ngoai)"
_KIN_HEAD = (
    r"(?:vo|chong|con(?! dao\b)|cha|me|ma|bo|ba|ong|anh|chi|em|chau|thim|co|chu|bac|di|cau|mo|duong"
    r"|nguoi than|than nhan|nguoi nha|than phu|than mau|nhac phu|nhac mau|(?:cu )?than sinh|phu than"
    r"|phu nhan)"
)
_KIN_LATER = (
    r"(?:[^\w\s]\s*|(?<!\bnha )(?<!\bnha rieng )(?<!\bbao )(?<!\btin )\b(?:cua|la) )"
    r"(?:(?:la|cua) )?(?:liet si (?:- )?)?"
    rf"{_KIN_HEAD}(?: {_KIN_QUALIFIER}){{0,2}}"
    rf"(?=\s*(?:$|[^\w\s]|(?:cua|dong chi|{_DC})\b|(?:anh|chi|ong|ba|co|chu|bac|em) (?-i:[A-Z])))"
    r"(?!(?:\s[\w/]+){0,3},?\s*bao\b(?! cao))"
)
# A death said as a going away for ever ("Đã đi xa mãi mãi", "Ra đi mãi mãi"). A bare "đi xa" is
# not: it is the office's word for working away ("đi làm ăn xa", "danh sách đảng viên đi xa",
# `_OTHER_LIST`), a member still on the roll, so "Đã đi xa" is rather missed than have the office
# delete a member who works in another province (fixAT).
_GONE_FOREVER = r"(?:ra di|di xa) (?:mai mai|vinh vien)\b"
# Emigrated for good ("định cư", to settle): "(đã) đi/sang/ra … định cư" ("Đã đi định cư ở Mỹ",
# "Sang Mỹ định cư", "Đi nước ngoài định cư"), "xuất cảnh (…) định cư", "định cư (ở/tại) nước
# ngoài / hải ngoại / <a country>" ("Định cư tại Úc"). Not "định cư" alone ("Định cư tại phường
# từ 2010", "Về nước định cư": a member who lives here), nor "về"/"từ" on the way ("Từ nước ngoài
# về định cư"); not when the note says it was a visit ("Đi định cư thăm con 2 tuần": `_VISIT`,
# `_WHILE`), a relative's (`_KIN_MOVED`) or undone ("nay đã về nước"). A bare "xuất cảnh" ("Đã
# xuất cảnh") is not said: it is any leaving of the country, a trip abroad ("Xuất cảnh du lịch")
# or work abroad as much as an emigration, and a member abroad for a while stays on the roll; nor
# is work abroad ("đi xuất khẩu lao động"): like working away ("đi làm ăn xa"), the member is
# still the chi bộ's (exempted or not) until the chi bộ records a change (fixAT).
_COUNTRY = (
    r"(?-i:My|Hoa Ky|Uc|Canada|Phap|Duc|Anh|Nga|Nhat|Nhat Ban|Han Quoc|Dai Loan|Sec|Ba Lan|Thuy Dien"
    r"|Na Uy|Dan Mach|Ha Lan|Bi|Thuy Si|New Zealand|Singapore|Trung Quoc|Lao|Campuchia|Thai Lan)\b"
)
_EMIGRATED = (
    r"(?:(?:di|sang|ra|xuat canh) (?:(?!(?:ve|tu)\b)[^\W\d_]+ ){0,3}dinh cu\b"
    rf"|dinh cu (?:o |tai )?(?:(?:nuoc ngoai|hai ngoai)\b|{_COUNTRY}))"
)
_VISIT = r"(?:cong tac|hoc|kham|chua|dieu tri|benh vien|du lich|tham)"
_HOME_AGAIN = rf"(?:{_BACK}|\bve nuoc\b)"
LEFT_NOTE = re.compile(
    rf"^(?!.*(?:\?|\b(?:chua|can|dang|cho) xac minh\b))(?!{_NAMED_DEATH})[\W_]*{_OPENING}(?:"
    rf"(?:tu tran\b|tu vong\b|qua doi\b|hy sinh\b"
    rf"|(?:mat|chet)(?: (?:dot ngot|bat ngo|dot tu))?"
    rf"(?:{_END}|{_CAUSE}|{_ILLNESS}|(?= tai (?:(?:nha|que|benh vien|bv)\b|{_WHERE})))"
    rf"|mat(?= huong tho\b)|chet duoi{_END}|{_GONE_FOREVER})"
    rf"(?!{_KIN_AFTER})(?!.*?{_KIN_LATER})"
    rf"|(?!.*{_UNDONE})(?:"
    rf"(?:{_MOVE}(?:(?:di\b(?! (?:khoi|tu|ra (?:khoi|ngoai)) {_ARMY})|ra nuoc ngoai\b){_NAMED_AWAY}"
    rf"|(?!.*{_MERGED})ra (?:khoi|ngoai)\b(?! {_ARMY}))"
    rf"|(?!.*{_MERGED}){_MOVE}sang\b(?! (?:day|tu)\b)(?! (?:(?:dang bo|dang uy) )?phuong(?! {_NAME}))"
    rf"(?! {_WARD_PART}){_SINCE}"
    rf"|(?!.*{_MERGED}){_MOVE}ve (?=(?:dang bo|dang uy) (?:{_UNIT} )?{_NAME}|chi bo khac\b|{_WHERE}){_SINCE})"
    rf"(?! (?:{_TRIP}|(?:nam|thang)(?! \d)|dang vien|chinh thuc)\b)(?!.*{_BACK})(?!.*{_KIN_MOVED})"
    rf"|chuyen di(?:{_END}|(?= (?:dang bo|chi bo|dang uy)\b)|(?= {_PLACE})){_NAMED_AWAY}"
    rf"(?!.*\b{_TRIP}\b)(?!.*{_BACK})(?!.*{_KIN_MOVED})"
    rf"|(?!.*{_MERGED}){_HOME}(?!.*\b{_TRIP}\b)(?!.*(?:{_WHILE}))(?!.*{_BACK})"
    rf"|{_EMIGRATED}(?!.*\b{_VISIT}\b)(?!.*(?:{_WHILE}))(?!.*{_HOME_AGAIN})(?!.*{_KIN_MOVED}))"
    rf"|(?!.*{_UNDONE_REMOVAL})(?!.*{_MERGED})(?:"
    rf"xoa ten\b(?! (?:khoi|trong|o|ra khoi) (?:{_OTHER_LIST}))"
    r"|khai tru\b(?! (?:khoi|ra khoi) (?:hoi|nhom|doan|cong doan)\b)"
    r"|(?:xin )?ra khoi dang\b(?! (?:bo|uy)\b)"
    r"))",
    re.S | re.I,
)


# "rồi" (already) closing a clause adds nothing: "Chuyển đi rồi" is "Chuyển đi", "Mất rồi (vợ)" is
# "Mất (vợ)"; a "rồi" before more words is "then" and is kept ("Chuyển đi rồi chuyển về") (fixAT).
_ALREADY = re.compile(r" roi\b(?=\s*(?:$|[^\w\s]))", re.I)


# A hyphen or en dash inside a word or a date ("3-3-2026", "Bà Rịa-Vũng Tàu"): read as a space.
_JOINING_DASH = re.compile(r"(?<=\w)[-\u2013](?=\w)")


def _fold(note: str) -> str:
    """The note without accents (đ → d, `vocab.accentless_key`'s table), a hyphen joining two
    words or a date's parts read as a space (`_JOINING_DASH`), and a clause-final "rồi"
    (`_ALREADY`), spaces collapsed, its case kept (`LEFT_NOTE` ignores case but for a place's
    capital). Any other dash is punctuation, " - ": "Mất do bệnh - chồng" names the relative
    after the cause as "Mất do bệnh (chồng)" does (fixBA)."""
    text = vocab.accentless_key(unicodedata.normalize("NFC", note))
    text = _JOINING_DASH.sub(" ", text).replace("\u2013", "-").replace("-", " - ")
    return _ALREADY.sub("", " ".join(text.split()))


def notes_in_force(
    notes: pd.Series, rows: Any, struck: Collection[int], unstruck: Mapping[int, str]
) -> pd.Series:
    """A roll's `Ghi chú` column (`notes`, of the Excel rows `rows` of one file) as it holds:
    the notes struck through alone (`struck`, `Submission.struck_notes`) None in their place, and
    those struck through in part (`unstruck`, `Submission.notes_unstruck`) their unstruck text.
    A note crossed out is one the secretary withdrew, and so are the words crossed out of one, so
    what they say (left, readmitted, restored) is not read of the member (fix385: a struck "đã
    chuyển đi" still warned `member.note_left` and marked the member red in every list; fix390:
    "~~Chuyển đi 03/2024~~ Đã về sinh hoạt" read whole did so too). Said nothing of, as a note
    struck alone strikes no row out (fix376). The one rule of validation and the work lists,
    before `notes_say_left` and its kin."""
    if not struck and not unstruck:
        return notes
    at = np.asarray(rows)
    out = notes.astype(object).to_numpy(copy=True)
    if struck:
        out[np.isin(at, list(struck))] = None
    if unstruck:
        for i in np.flatnonzero(np.isin(at, list(unstruck))).tolist():
            out[i] = unstruck[int(at[i])]
    return pd.Series(out, index=notes.index, dtype=object)


def note_says_left(note: object) -> bool:
    """Whether a member's `Ghi chú` says the member left the organisation (`LEFT_NOTE`): one
    rule for `member.note_left` and the work lists' red rows."""
    return type(note) is str and LEFT_NOTE.search(_fold(note)) is not None


def notes_say_left(notes: pd.Series) -> np.ndarray:
    """`note_says_left` of each note of a column (a bool array), each distinct note once."""
    return _each_distinct(notes, note_says_left)


def _each_distinct(notes: pd.Series, says: Callable[[object], bool]) -> np.ndarray:
    """`says` of each note of a column (a bool array), each distinct note once."""
    codes, distinct = pd.factorize(notes.to_numpy(dtype=object))
    if not len(distinct):
        return np.zeros(len(codes), dtype=bool)
    hit = np.array([says(n) for n in distinct], dtype=bool)
    return (codes >= 0) & hit[np.maximum(codes, 0)]


# A member's own `Ghi chú` saying the member was readmitted ("Kết nạp lại ngày 05/5/2010", "Đảng
# viên kết nạp lại, …", "Tái kết nạp", "KN lại", "K.N lại", "KNL", "Kết nạp (vào) Đảng lại", "Kết
# nạp (vào Đảng) lần 2 / lần thứ hai", "Ngày vào Đảng lần 2", accentless or with a tone left out,
# any case or spacing: read on `_fold`'s text). A member readmitted before the period has no `Kết
# nạp lại` row: the note is all that says the roll's admission date may be the first membership's
# (hunt105 F3). Not "kết nạp lại" followed by a record ("Kết nạp lại hồ sơ", "… thẻ đảng", "KN lại
# Đảng tịch": "nộp lại" mistyped; a person is admitted, not a record) (hunt108).
_SECOND = r"lan (?:thu )?(?:0?[2-9]|hai|ba|bon)\b"
_READMITTED = re.compile(
    r"\b(?:(?:ket nap|k\.? ?n\.?)(?: vao)?(?: dang)? lai\b|knl\b|tai ket nap\b"
    rf"|(?:ket nap|k\.? ?n\.?)(?: vao)?(?: dang)? {_SECOND}|(?:vao|vo) dang (?:lai\b|{_SECOND}))"
    r"(?! (?:ho so|the|dang tich|ly lich|so|danh sach|du lieu|thong tin|giay|don|bien ban)\b)",
    re.I,
)
# A clause ends at punctuation or a connector ("Xin ra khỏi Đảng 2000 rồi kết nạp lại 2010" is a
# readmission).
_CLAUSE_BREAK = re.compile(r"[^\w\s]|\b(?:roi|sau do|va|nhung|nay)\b", re.I)
# What, earlier in the same clause, makes it no readmission done: a plan, a wait, a refusal or a
# cancellation ("Đề nghị / Xin / Dự kiến / Dự định / Sẽ / Sắp / Chuẩn bị kết nạp lại", "Đang làm
# hồ sơ …", "Trình hồ sơ …", "(Tạm dừng) xét …" but "đã (được) (xem) xét …", "Nguyện vọng …",
# "Chờ (quyết định / duyệt) …": "chờ" folds to "cho", also "cho phép" and "for", so only opening
# the clause, after "đang/vẫn/còn", before a decision or right before the readmission; "Bị từ chối
# …", "Hủy (quyết định) …"), or a doubt ("Cần xác minh (có) …", "chưa rõ"). "Hồ sơ" alone is no
# plan: "Theo hồ sơ kết nạp lại 2010" is one done.
_NOT_DONE = re.compile(
    r"\b(?:de nghi|de xuat|xin|du kien|du dinh|ke hoach|se|sap(?! nhap)|chuan bi|dang xet|muon"
    r"|nguyen vong|trinh|tam dung|tam hoan|tu choi|bac bo"
    r"|(?:lam|lap|nop|gui|hoan thien|bo sung) (?:lai )?(?:ho so|don|to trinh)"
    r"|(?:dang|van|con|hien) cho|cho (?:quyet dinh|qd|duyet|phe duyet|xet|cap tren|y kien|ket qua)"
    r"|(?:can|chua|dang|cho) (?:xac minh|kiem tra)|(?:khong|chua) ro|hinh nhu|co le|nghi ngo)\b"
    r"|(?<!\bda )(?<!\bduoc )(?<!\bxem )\b(?:xem )?xet\b"
    r"|^\W*(?:cho|huy)\b|\b(?:bi|da|de nghi) huy\b|\bhuy (?:bo |)(?:quyet dinh|qd)\b|\bcho\s*$",
    re.I,
)
# A negation bearing on the readmission itself: "chưa / không / ko / chẳng" with only words of
# being, having, allowing or deciding between ("Chưa (được) kết nạp lại", "Không phải (là đảng
# viên) kết nạp lại", "Không đủ điều kiện …", "Không có trường hợp …", "Chưa có quyết định …").
# A negation of another verb is not ("Không tính tuổi đảng trước khi kết nạp lại", "Chưa tính lại
# tuổi đảng do kết nạp lại": the member was readmitted) (hunt108).
_BEARING = (
    r"(?:phai|la|duoc|co|he|tung|bao gio|dang vien|dv|dien|thuoc|truong hop|du|dieu kien|tieu chuan"
    r"|dong y|duyet|phe duyet|chap thuan|cho phep|quyet dinh|qd|ho so|thu tuc|lam|nhan|hoan thanh"
    r"|hoan tat|can|nen|the|viec|xem|xet|nguoi)"
)
_NEGATED = re.compile(rf"\b(?:khong|chua|ko|chang)(?: {_BEARING}){{0,5}}\s*$", re.I)
# What, later in the same clause, says it is not done: pending, refused, cancelled ("Hồ sơ kết nạp
# lại đang chờ huyện duyệt", "… đang xét", "… đang trình", "Quyết định kết nạp lại bị hủy"), or a
# question ("có kết nạp lại không", "… chưa"; "kết nạp lại?", the clause closed by a question mark,
# is one too).
_UNDONE_AFTER = re.compile(
    r"\b(?:(?:dang|van|con) cho|cho (?:duyet|phe duyet|quyet dinh|qd|xet)|dang (?:xem )?xet"
    r"|(?:bi|da bi|da) (?:huy|tu choi|bac|thu hoi)"
    r"|huy bo|tam (?:dung|hoan)|(?:khong|chua) (?:duoc )?(?:duyet|phe duyet|chap thuan|dong y|thanh)"
    r"|chua co (?:quyet dinh|qd)|(?:dang|da|moi|cho) trinh)\b|\b(?:hay )?(?:khong|chua)\s*$",
    re.I,
)
# A relative opening the clause is the one readmitted ("Vợ được kết nạp lại năm 2015", "Con trai
# kết nạp lại 2019", "Chồng là đảng viên kết nạp lại", "…, mẹ đẻ được kết nạp lại"). A word that is
# also a title of the member or a common word without accents counts only with a qualifier ("anh
# trai", "chị gái", "ông nội", "cô ruột"; "Bà được kết nạp lại", "Chi bộ kết nạp lại", "Có quyết
# định kết nạp lại" are the member's), "con" not as "còn" nor in "Côn Đảo", "bố" not as "bỏ sinh
# hoạt". A relative named after it as `note_says_left` reads one after a death (`_KIN_LATER`:
# "Kết nạp lại năm 2015 (vợ)") is the relative's too.
_KIN_SUBJECT = re.compile(
    r"^\W*(?:(?:vo|chong|cha|me|ma|chau|thim|nguoi than|than nhan|nguoi nha|than phu|than mau|nhac phu"
    r"|nhac mau|(?:cu )?than sinh|phu than|phu nhan)\b(?! dang\b)"
    r"|bo\b(?! (?:sinh hoat|sh|shd|dang)\b)|con\b(?! (?:dao|phai|chua|duoc|dang|cho|lai|no|thieu)\b)"
    rf"|(?:anh|chi|em|ong|ba|cu|con)(?= {_KIN_QUALIFIER}\b)|{_KIN_SHORT} ruot\b)",
    re.I,
)
_KIN_NAMED_LATER = re.compile(_KIN_LATER, re.I)


def note_says_readmitted(note: object) -> bool:
    """Whether a member's `Ghi chú` says the member was readmitted (`_READMITTED`, unless its
    clause says a relative was (`_KIN_SUBJECT`, or `_KIN_LATER` after it), a plan, a wait, a
    refusal, a cancellation or a doubt before it (`_NOT_DONE`) or after it (`_UNDONE_AFTER`), or
    a negation bears on it (`_NEGATED`)): the work lists' badge of such a member is red, its party
    age to recount."""
    return _says_done(_READMITTED, note)


def _says_done(pattern: re.Pattern[str], note: object) -> bool:
    """Whether `note` (`_fold`'s text) says what `pattern` names was done to the member: a match
    whose clause names no relative, plan, wait, refusal, cancellation, doubt or negation (the
    words `note_says_readmitted` reads around a readmission)."""
    if type(note) is not str:
        return False
    text = _fold(note)
    for found in pattern.finditer(text):
        clause = _CLAUSE_BREAK.split(text[: found.start()])[-1]
        after = _CLAUSE_BREAK.split(text[found.end() :])[0]
        mark = text[found.end() + len(after) : found.end() + len(after) + 1]  # closing the clause
        # A bracket right after it is said of it: "(chờ QĐ)", "(đang xét)" is a wait (review326);
        # so is the clause after a colon or a dash: "Phục hồi đảng tịch: không được chấp thuận",
        # "Kết nạp lại - đang trình" (hunt328).
        rest = text[found.end() + len(after) + 1 :]
        aside = rest.split(")")[0] if mark == "(" else ""
        if mark in ":-\u2013\u2014":
            aside = _CLAUSE_BREAK.split(rest)[0]
        if (
            _KIN_SUBJECT.search(clause) is None
            and _NOT_DONE.search(clause) is None
            and _NEGATED.search(clause) is None
            and _UNDONE_AFTER.search(after) is None
            and _UNDONE_AFTER.search(aside) is None
            and mark != "?"
            and _KIN_NAMED_LATER.search(text, found.end()) is None
        ):
            return True
    return False


def notes_say_readmitted(notes: pd.Series) -> np.ndarray:
    """`note_says_readmitted` of each note of a column (a bool array), each distinct note once."""
    return _each_distinct(notes, note_says_readmitted)


# A member's own `Ghi chú` saying the membership was restored ("Phục hồi đảng tịch năm 2010",
# "Khôi phục đảng tịch", "Được phục hồi lại đảng tịch", "Khôi phục tư cách đảng viên", accentless
# or in any case). Not a bare "phục hồi" ("Phục hồi sức khỏe"), nor "phục hồi sinh hoạt" (a member
# back to the chi bộ's meetings after an exemption). A restoration is no readmission: it starts no
# probation ("Khôi phục đảng tịch" is not `note_says_readmitted`) (hunt320 F2).
_RESTORED = re.compile(r"\b(?:phuc hoi|khoi phuc)(?: lai)? (?:dang tich|tu cach dang vien)\b", re.I)


def note_says_restored(note: object) -> bool:
    """Whether a member's `Ghi chú` says the membership was restored (`_RESTORED`, read as
    `note_says_readmitted` reads a readmission: not a relative's, a plan, a wait, a refusal, a
    doubt or a negated one): the work lists' badge of such a member is red, its party age to
    check against the restoration decision."""
    return _says_done(_RESTORED, note)


def notes_say_restored(notes: pd.Series) -> np.ndarray:
    """`note_says_restored` of each note of a column (a bool array), each distinct note once."""
    return _each_distinct(notes, note_says_restored)
