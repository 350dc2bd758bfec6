"""Optional pass: personal names after their keywords and street addresses (off by default).

Why optional: names cannot be told from ordinary words without a name list or a model, and an
address pass also removes the city or district an analyst may want ("朝阳区的门店"). What is
covered, on purpose narrowly:

* names right after a keyword: 收件人/联系人/姓名/我叫/签收人/寄件人 + 2–3 Chinese characters
  starting with a common surname (``[姓名]``); "王女士"/"李先生" is kept (it identifies no one
  on its own);
* street addresses: a road, street, lane or village name followed by a house number, with
  optional building, unit and room (路/街/道/巷/弄/胡同/村 + 88号 [院] [3号楼|栋|幢] [2单元]
  [501室]), together with the province/city/district words just before it (``[地址]``).

Turned on per import: ``vocdesk import --redact-names`` (``ws.imports.import_file(...,
redact_names=True)``).
"""

from __future__ import annotations

import collections
import re

PLACEHOLDERS = {"name": "[姓名]", "address": "[地址]"}

# The ~120 commonest surnames: the first character of a name after a keyword must be one.
_SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏"
             "吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
             "万钱严覃武戴莫孔向汤欧阳司上官诸葛")
_NAME = re.compile(rf"(收件人|联系人|姓名|我叫|签收人|寄件人)\s*[:：是为]?\s*"
                   rf"([{_SURNAMES}][\u4e00-\u9fff]{{1,3}}?)(?=[，,。；;\s（(]|$|电话|手机|[0-9])")
_NUM = r"[0-9０-９一二三四五六七八九十百零〇]+"
_ADDRESS = re.compile(
    r"(?:[\u4e00-\u9fff]{2,6}?(?:省|自治区|市|区|县|镇|乡|街道))*"
    rf"[\u4e00-\u9fff]{{1,8}}?(?:路|大街|街|大道|道|巷|弄|胡同|村|里)\s*{_NUM}\s*号(?![线机码店])"
    rf"(?:\s*院)?(?:\s*{_NUM}\s*(?:号楼|栋|幢|座))?(?:\s*{_NUM}\s*单元)?"
    rf"(?:\s*{_NUM}\s*(?:室|房|号房))?")


def redact_names(text: str, counts: collections.Counter) -> str:
    """Replace names after keywords and street addresses; ``counts`` gets name/address."""
    def name_sub(m: re.Match) -> str:
        counts["name"] += 1
        return m.group(0)[:m.start(2) - m.start(0)] + PLACEHOLDERS["name"]

    text = _NAME.sub(name_sub, text)
    new, n = _ADDRESS.subn(PLACEHOLDERS["address"], text)
    if n:
        counts["address"] += n
    return new


__all__ = ["redact_names", "PLACEHOLDERS"]
