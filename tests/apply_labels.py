"""The apply table's row labels as the 2021 form prints them, for tests that write documents.

Written out here rather than read from ``parsers/form/cells.csv``: a fixture states what a real
document prints, independently of the parser's own form data.
"""

ROW_LABELS = {
    "1": "一、本年新收政府信息公开申请数量", "2": "二、上年结转政府信息公开申请数量",
    "3.1": "（一）予以公开", "3.2": "（二）部分公开", "3.3.1": "1.属于国家秘密", "3.3.2": "2.其他法律行政法规禁止公开",
    "3.3.3": "3.危及“三安全一稳定”", "3.3.4": "4.保护第三方合法权益", "3.3.5": "5.属于三类内部事务信息",
    "3.3.6": "6.属于四类过程性信息", "3.3.7": "7.属于行政执法案卷", "3.3.8": "8.属于行政查询事项",
    "3.4.1": "1.本机关不掌握相关政府信息", "3.4.2": "2.没有现成信息需要另行制作", "3.4.3": "3.补正后申请内容仍不明确",
    "3.5.1": "1.信访举报投诉类申请", "3.5.2": "2.重复申请", "3.5.3": "3.要求提供公开出版物",
    "3.5.4": "4.无正当理由大量反复申请", "3.5.5": "5.要求行政机关确认或重新出具已获取信息",
    "3.6.1": "1.申请人无正当理由逾期不补正", "3.6.2": "2.申请人逾期未按收费通知要求缴纳费用", "3.6.3": "3.其他",
    "3.7": "（七）总计", "4": "四、结转下年度继续办理",
}
# the merged group label printed beside the first sub-row of each group
SUBGROUP_LABELS = {"3.3.1": "（三）不予公开", "3.4.1": "（四）无法提供", "3.5.1": "（五）不予处理", "3.6.1": "（六）其他处理"}
RESULTS_LABEL = "三、本年度办理结果"  # beside the first result row, 3.1
