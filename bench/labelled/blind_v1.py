"""The first BLIND pool, RETIRED: its strings were seen at the start of session 3, while the
spam model was being built, so its figures (`--split blind-v1`) no longer measure
generalisation. `blind_v2.py` replaced it. What follows is its original description.

NEVER SHOW THESE STRINGS WHILE TUNING THE DETECTORS. Do not print, quote, grep for, or
copy anything below into a detector, a lexicon, a test case or a commit message, and do
not run `bench.eval --split blind -v` / `--show` (the eval refuses to print examples from
this split). The pool exists to measure whether the injection detector generalises to
phrasings nobody tuned against: it was written independently of `pools.py` and of
`detectors/data/spam_lexicon.txt` and shares no term with either. Only figures from this
split may be looked at. If a string here ever leaks into tuning, retire the pool and
write a new one.

Contents: spam phrases (gambling, porn, loans / fake invoices / fake certificates, pharma,
SEO and link farms, crypto scams; simplified and traditional, some with Latin letters or
digits), page-head and page-tail chrome lines in the styles of government and portal
sites, aggregator preambles and paywall lines, and fluent off-topic sentences (sports,
entertainment, recipes, travel, product ads, stock tips).
"""
from __future__ import annotations

# --- spam phrases, 3 to 10 characters ---------------------------------------------------------
SPAM_BLIND = [
    # gambling
    "滚球盘口即时更新", "水果机必中技巧", "骰宝大小单双", "賽馬貼士免費", "21点算牌教学",
    "轮盘押注必胜法", "龍虎鬥線上下注", "世界杯竞猜返利", "VIP贵宾厅充值", "梭哈高手群",
    # porn
    "午夜影视福利站", "宅男必備神站", "偷拍自拍区", "國產精品自拍", "深夜直播間",
    "91短视频破解版", "两性私密视频",
    # loans, fake invoices, fake certificates
    "学历证书快速办", "四六级证书包过", "增值税专票代理", "大学文凭直邮", "征信修复洗白",
    "身份证网上借钱", "學位證代辦", "空放下款当天到", "驾照扣分代消",
    # pharma
    "印度仿制药直邮", "男科神药一粒见效", "增高秘方速效", "丰胸精油包邮", "處方藥免方購買",
    "安眠药无需处方",
    # SEO, link farms
    "权重站出售", "友情链接购买", "百度霸屏推广", "寄生虫程序", "目录劫持租用", "高权重老域名",
    "代發軟文秒上首頁",
    # crypto scams
    "USDT高价回收", "比特币翻倍计划", "虚拟币合约带单", "以太坊空投领取", "區塊鏈挖礦日息",
    "币圈百倍项目", "數字貨幣套利", "OKX返佣邀请码",
]
# after a phrase dropped into a sentence: none (half the time) or a separator
SPAM_SEP_BLIND = ["", "", "｜", "_"]
# between the phrases of a spam header line
HEADER_SEP_BLIND = ["，", " ", "-"]

# --- chrome: lines at the head of a page (1 to 3 drawn, kept in this order) ------------------
CHROME_START_BLIND = [
    "中国·临江县人民政府门户网站",
    "2025年4月17日 农历三月二十 星期四",
    "设为首页 | 加入收藏 | 联系我们",
    "长辈版 | 简 | 繁 | 读屏专用",
    "智能问答 政民互动 个人中心",
    "搜索 高级检索 热门搜索：社保 公积金",
    "天气：多云 12℃~20℃ 空气质量：良",
    "您所在的位置：首页 > 政府信息公开 > 法定主动公开内容 > 规划计划",
    "首页 / 新闻中心 / 乡镇动态",
    "主题分类：综合政务\\政务公开 | 发文字号：临府办发〔2024〕7号",
    "信息索引：000014348/2024-01233 | 公开方式：主动公开 | 时效：有效",
    "作者：综合办 时间：2024-01-22 10:35",
    "阅读量：356 次 【收藏】【纠错】",
    "文字大小：【大】【中】【小】 颜色：【黑】【蓝】",
    "视力保护色：【默认】【护眼】",
]
# --- chrome: lines at the tail of a page (1 to 3 drawn, kept in this order) ------------------
CHROME_END_BLIND = [
    "【我要纠错】 【打印】 【关闭】",
    "转载请注明出处",
    "原文地址：https://www.lj-county.gov.cn/art/2024/1/22/art_1234_5678.html",
    "相关链接：国务院 省政府 市政府",
    "扫码关注官方微信公众号",
    "返回顶部",
    "网站地图 | 隐私声明 | 使用帮助",
    "本页访问量：12873",
    "主办：临江县人民政府办公室 承办：县大数据中心",
    "联系电话：0731-86543210 邮编：410600",
    "技术支持：湘楚云科技有限公司",
    "政府网站标识码 4301240012",
    "滇ICP备10004321号-2",
    "苏公网安备 32010202011234号",
    "建议使用1366×768分辨率 IE9以上浏览器访问",
]

# --- aggregator preambles and paywall lines -------------------------------------------------
PREAMBLE_BLIND = [
    "本站为您收集整理了多篇优秀的年度工作报告，欢迎阅读与借鉴。",
    "【导语】以下内容由本站会员上传，仅作交流之用。",
    "温馨提示：全文共4215字，阅读约需9分钟。",
    "剩余内容已隐藏，开通会员即可阅读全文。",
    "本文档共6页，当前为第1页，可免费预览前3页。",
    "喜欢这篇文章就收藏转发吧，更多精彩范文尽在本站。",
    "关注公众号回复“报告”获取完整Word版。",
    "篇一：",
    "精品文档，欢迎下载，如需修改请联系客服。",
    "以下为节选内容，完整版请点击下方按钮购买。",
]

# --- fluent off-topic sentences, 15 to 40 characters -----------------------------------------
OFF_TOPIC_BLIND = [
    # sports
    "昨晚的联赛中主队凭借补时阶段的头球绝杀客队，成功锁定积分榜第二。",
    "这位短道速滑名将在接受采访时表示，明年仍将冲击世界冠军。",
    "主帅赛后坦言球队防守端仍有漏洞，下一轮客场作战压力不小。",
    "网球女单决赛中，她以两盘直落的比分击败对手，首次捧起冠军奖杯。",
    # entertainment
    "新剧开播首周播放量破亿，女主角的造型引发网友热议。",
    "据悉该歌手的全国巡回演唱会将于下月在成都开唱，门票已经售罄。",
    "这部科幻电影上映三天票房已突破五亿元，口碑持续发酵。",
    # recipes
    "将五花肉切块焯水后加入冰糖炒出糖色，再小火慢炖四十分钟即可出锅。",
    "番茄炒蛋时先炒鸡蛋盛出，再放番茄炒软，最后合炒并加少许白糖提鲜。",
    "清蒸鲈鱼只需蒸八分钟，关火后再焖两分钟，淋上蒸鱼豉油即可。",
    # travel
    "秋天的喀纳斯湖色彩斑斓，是摄影爱好者不可错过的打卡胜地。",
    "自驾318国道进藏前一定要做好高原反应的准备，氧气瓶必不可少。",
    "五一假期前往大理的游客激增，古城周边民宿价格普遍上涨三成。",
    "冬季去哈尔滨看冰雕，记得穿好防寒服并给手机准备充电宝。",
    # product ads
    "这款新发布的折叠屏手机搭载最新旗舰芯片，首发价格直降八百元。",
    "全新降噪耳机续航长达四十小时，现在下单即享十二期免息。",
    "这台扫地机器人支持自动集尘和拖布烘干，解放双手从此不再是梦。",
    # stock tips
    "分析师认为半导体板块短期有望迎来反弹，建议逢低关注龙头个股。",
    "今日沪指高开低走，尾盘券商股集体拉升，两市成交额突破万亿元。",
    "某券商首席建议投资者关注高股息品种，仓位控制在六成左右。",
]
