"""Variant pools for the corruption generator, split into a dev pool (for tuning) and a
held-out pool (for the figures that count). Nothing here may be copied into a detector:
the held-out strings exist to measure whether the detectors generalise beyond them.

Every string below is our own; none is taken from the seeds except where a comment says so.
"""
from __future__ import annotations

# --- injection: SEO spam phrases (gambling, porn, loans / fake invoices, pharma, SEO) -------
SPAM_DEV = [
    # gambling
    "皇冠体育投注", "百家乐在线开户", "澳门新葡京娱乐", "线上真人赌场", "六合彩开奖直播",
    "北京赛车PK10计划", "太陽城娛樂官網",
    # porn
    "成人影院在线观看", "日本無碼高清",
    # loans / fake invoices
    "代开增值税发票", "无抵押小额贷款秒批",
    # pharma
    "伟哥网上药店", "壮阳药正品货到付款",
    # SEO
    "seo快速排名", "蜘蛛池出租",
]
SPAM_HELDOUT = [
    "澳門賭場", "葡京赌场官网", "老虎机破解", "时时彩平台注册", "AG真人视讯", "線上娛樂城",
    "亚洲色情视频", "免費A片下載",
    "开具各类发票", "网贷黑户秒下款",
    "减肥药特效", "代孕包成功",
    "刷百度排名", "黑帽SEO外推",
]
# separators used when a spam word is dropped into a sentence (`皇冠足球比分:` in seed 002)
SPAM_SEP_DEV = ["", ":"]
SPAM_SEP_HELDOUT = ["：", " "]
# separators of a spam header line before the title (6 to 12 phrases)
HEADER_SEP_DEV = ["_"]
HEADER_SEP_HELDOUT = [",", "|"]

# --- injection: web page chrome -------------------------------------------------------------
CHROME_START_DEV = [
    ["无障碍 简体| 繁体", "当前位置: 首页 > 政务公开 > 法治政府建设"],
    ["首页 | 政务公开 | 互动交流 | 办事服务", "您现在的位置：首页>信息公开>年度报告"],
    ["【字体：大 中 小】 打印本页 关闭窗口", "发布时间: 2024-02-28 来源: 本网"],
    ["网站支持IPv6 长者模式 无障碍浏览", "当前位置：首页 > 通知公告"],
]
CHROME_START_HELDOUT = [
    ["登录 | 注册 | English", "位置：网站首页 » 法治建设 » 工作动态"],
    ["索引号： 11500110MB1234567X/2024-00012 | 发布机构： 司法所 | 生成日期： 2024-03-05", "【字号 大 中 小】【打印】【关闭】"],
    ["今天是：2024年3月5日 星期二", "主页 > 专题专栏 > 法治政府"],
    ["繁體版 | 移动版 | 无障碍", "浏览次数：1024 信息来源：办公室"],
]
CHROME_END_DEV = [
    ["扫一扫在手机打开当前页", "分享到：微信 微博 QQ空间"],
    ["网站标识码：5001100001 渝ICP备05003300号", "渝公网安备 50011002500001号"],
    ["【打印本页】【关闭窗口】", "主办单位：县人民政府办公室 版权所有"],
]
CHROME_END_HELDOUT = [
    ["本文链接：http://www.example.gov.cn/zwgk/2024/0305/12345.html", "上一篇：无 下一篇：无"],
    ["Copyright © 2024 All Rights Reserved", "京ICP备12345678号-1 京公网安备11010502000001号"],
    ["相关附件：", "责任编辑：张三 审核：李四"],
    ["仅展示628字，登录后查看全文", "免费下载本文档"],
]
# --- injection: aggregator preambles --------------------------------------------------------
PREAMBLE_DEV = [
    "下面是小编为大家整理的法治政府建设情况报告，供大家参考。",
    "本文由网友投稿，仅供学习参考，如有侵权请联系删除。",
]
PREAMBLE_HELDOUT = [
    "以下是范文网为您精心整理的工作报告范文，希望对您有所帮助。",
    "文章来源于网络整理，下载后可编辑。",
]

# --- injection: fluent sentences off the report's topic (inserted between two sentences) ---
OFF_TOPIC_DEV = [
    "本赛季这支球队客场五连胜，中锋场均贡献二十分和十个篮板。",
    "这款电饭煲采用球釜内胆，煮出的米饭颗粒饱满、口感软糯。",
    "周末带孩子去海洋馆看白鲸表演，记得提前在小程序上预约门票。",
    "红烧排骨先用冷水焯去血沫，再加生抽老抽和八角炖到汤汁浓稠。",
    "主演在发布会上透露，续集将于暑期档上映，特效镜头超过两千个。",
    "新能源汽车本月销量环比增长，多款车型推出限时购置补贴。",
    "大盘今天缩量震荡，白酒板块午后走强，多只个股涨停。",
    "入秋以后早晚温差大，老人和孩子要注意及时增添衣物。",
    "这家网红咖啡店的拿铁拉花很漂亮，周末排队要等半个小时。",
    "猫咪换毛季要勤梳毛，还可以适量喂一些化毛膏帮助排出毛球。",
]
OFF_TOPIC_HELDOUT = [
    "她在女子跳水十米台决赛中连续两跳获得满分，最终以大比分夺冠。",
    "这部古装剧的服化道十分考究，播出后带火了取景地的文旅产业。",
    "糖醋里脊要先挂糊复炸两次，外皮才会酥脆，再淋上熬好的糖醋汁。",
    "去三亚度假最好避开春节高峰，酒店价格能便宜一半以上。",
    "这台笔记本电脑重量不到一公斤，屏幕素质出色，续航可达十五小时。",
    "近期楼市成交回暖，不少开发商推出首付分期和特价房源吸引购房者。",
    "考研复试前一定要练习英文自我介绍，导师往往很看重口语表达。",
    "养多肉植物要注意控水，夏季高温时节应适当遮阴防止晒伤。",
    "晚饭后散步半小时有助于消化，但不宜在饭后立即进行剧烈运动。",
    "这场演唱会的门票开售一分钟即被抢空，二手平台价格翻了几倍。",
]

# --- encoding residue -----------------------------------------------------------------------
DOCX_DEV = ["[bookmark: _GoBack]"]
DOCX_HELDOUT = ["[image: image1.png]", "[bookmark: _Hlk148372615]"]
INVISIBLE_DEV = ["\u200b", "\ufeff"]
INVISIBLE_HELDOUT = ["\u200d", "\u00ad", "\u2060", "\x08"]
BREAK_DEV = ["\n\n"]
BREAK_HELDOUT = ["\n", "\n-3-\n"]
TAG_DEV = ["<br>", "<p>"]
TAG_HELDOUT = ["<br/>", "<span style=\"font-family:宋体\">…</span>", "<strong>…</strong>"]
