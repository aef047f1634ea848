"""The second BLIND pool (v2): injection variants held back from everyone who tunes detectors.

NEVER SHOW THESE STRINGS WHILE TUNING. Whoever works on the injection detector must not open
this file, print it, search it, quote it, or carry any of its wording into a detector, a
lexicon, a test, a fixture, a log or a commit message; nor print generated examples built
from it. It replaces the first blind pool after that one was seen. The strings were written
from scratch, without regard to what any detector catches, and share no term with the dev
and held-out pools, the first blind pool, or the spam lexicon (traditional forms included).
Only aggregate figures computed on this pool may be looked at. Should any string from here
ever reach a tuning session, this pool is spent: retire it and write another.

Contents: short spam phrases (betting and lotteries, adult streams, loans and forged papers,
quack medicine, SEO and hacked-site services, coin and investment schemes, game cheats and
private servers, counterfeit goods; mostly simplified, some traditional, some with Latin
letters or digits), the separators that go with them, top-of-page and bottom-of-page chrome
lines of government and portal sites (each list in top-to-bottom order), preambles and
paywall lines of document-sharing and model-essay sites, and fluent sentences on subjects
that have nothing to do with a government's rule-of-law work.
"""
from __future__ import annotations

# --- spam phrases, 3 to 10 characters ---------------------------------------------------------
SPAM_BLIND = [
    # betting, lotteries
    "足彩串关推荐", "欧冠让球盘推荐", "大乐透杀号专家", "福彩3D胆码", "香港馬會資料大全",
    "网投平台招代理", "捕魚機上分下分", "竞彩篮球稳胆", "NBA盘口分析", "體彩勝負彩內幕",
    "电玩城上下分",
    # adult streams and sites
    "夜色直播盒子", "美女主播一对一", "深夜剧场无删减", "寂寞少妇同城聊", "蜜桃视频APP下载",
    "草莓直播邀请码", "网红裸舞合集", "色站导航", "成人漫画无遮挡", "麻豆傳媒免費看",
    "同城約妹包夜",
    # loans, forged invoices, papers and identities
    "身份证复印件出售", "全国各地专票点数低", "学信网可查本科", "大额信用贷免面签",
    "手机号实名卡批发", "征信花了也能贷", "房产证代办加急", "教師資格證保過", "花呗白条秒回款",
    "健康证不体检直接出", "一級建造師掛靠", "企業對公賬戶出售",
    # quack medicine
    "进口抗癌药代购", "祖传秘方根治糖尿病", "一贴根治颈椎病", "延时持久不伤身", "听话水正品",
    "男性增大丸", "减肥胶囊一周瘦十斤", "特效降壓藥包郵", "艾滋病阻断药现货", "生发神器秃顶克星",
    "希爱力5mg正品",
    # SEO, link selling, hacked-site services
    "政府站后台出售", "gov反链购买", "快排代做三天上首页", "整站程序源码下载", "批量建站模板",
    "跳转劫持代做", "edu后缀反链包月", "蜘蛛爬虫引流", "網站SHELL批發", "百科词条代创建",
    # coins and investment schemes
    "虚拟币搬砖套利", "原始股内部认购", "外汇跟单稳赚", "币安注册返佣", "BTC合约喊单群",
    "牛股内参免费领", "区块链养老项目", "黃金期貨帶單", "云算力矿机租赁", "稳定币理财年化30%",
    # game cheats, private servers
    "传奇私服新开一秒", "和平精英透视辅助", "吃雞外掛免費下載", "魔域私服开服表", "英雄聯盟代練",
    "CF自瞄科技", "王者荣耀代打上星", "奇跡MU私服", "游戏脚本无封号", "GM权限版手游",
    # counterfeit goods
    "一比一复刻包", "莆田鞋货到付款", "原单奢侈品批发", "A货名表", "工厂尾单大牌", "精仿名牌腰帶",
    "外貿原單LV包", "超A貨手錶", "专柜同款代工厂", "高仿茅台酒批发",
]
# after a phrase dropped into a sentence: nothing half the time, else a separator
SPAM_SEP_BLIND = ["", "", "", "、", "——", "！"]
# between the phrases of a spam header line
HEADER_SEP_BLIND = ["、", "/", "；", "·"]

# --- chrome: lines at the head of a page (1 to 3 drawn, kept in this order) ------------------
CHROME_START_BLIND = [
    "欢迎访问清岚县人民政府门户网站！",
    "设为主页 ｜ 收藏本站 ｜ 网站导航",
    "今天是：2025年3月12日 星期三 农历二月十三",
    "个人登录 | 法人登录 | 注册",
    "长者专区 无障碍 手机版 政务新媒体",
    "简体中文 | 繁體中文 | English",
    "天气：阴转小雨 9℃/15℃ 东北风3级",
    "本站已支持IPv6 | 适老化服务",
    "QINGLAN COUNTY PEOPLE'S GOVERNMENT",
    "请输入关键词 [搜索] 高级检索",
    "热门搜索：营业执照 居住证 不动产登记 医保",
    "政务服务网　12345热线　信用清岚　统计数据",
    "首页　走进清岚　政务公开　政务服务　互动交流　专题专栏",
    "网站首页 | 新闻动态 | 信息公开 | 办事指南 | 公众参与 | 数据开放",
    "当前位置：网站首页 → 政务公开 → 法治政府建设 → 年度报告",
    "首页 >> 部门信息公开 >> 县司法局 >> 工作报告",
    "所在位置：主页 - 重点领域 - 法治建设",
    "您当前所在的位置：信息公开目录 ＞ 其他法定公开内容",
    "信息公开 / 按主题分类 / 司法、公安",
    "索 引 号：11331126002601583N/2025-000087",
    "分　　类：工作报告；法治建设",
    "发布机构：清岚县司法局　　成文日期：2025-03-10",
    "文　　号：清司〔2025〕5号　　发布日期：2025-03-12",
    "公开范围：面向全社会　　有效性：现行有效",
    "主 题 词：法治政府　年度报告",
    "来源：县司法局　作者：政策法规科　点击数：1,207",
    "发布者：admin | 更新时间：2025/03/12 09:41:27",
    "发布日期：2025年03月12日 16:08　信息来源：桐溪区人民政府办公室",
    "字体大小：A+ A A-",
    "页面配色：白底黑字 | 黑底白字 | 护眼绿",
    "语音播报 指读 大鼠标 十字线 放大镜 纯文本",
    "【大字版】 【普通版】",
    "【分享】【收藏】【打印】",
    "浏览量：3861 次",
    "扫一扫 手机浏览",
]
# --- chrome: lines at the tail of a page (1 to 3 drawn, kept in this order) ------------------
CHROME_END_BLIND = [
    "附件下载：无",
    "（责任编辑：王晓敏）",
    "初审：刘洋　复审：陈静　终审：周建国",
    "【字体：大 中 小】【打印本文】【关闭本页】",
    "【发现错误？点此纠错】",
    "打印 | 关闭 | 收藏 | 顶部",
    "分享至：微信朋友圈 QQ好友 新浪微博 豆瓣",
    "扫描二维码 用手机看",
    "上一条：关于开展2025年普法宣传月活动的通知",
    "下一条：2024年度行政复议和应诉情况统计表",
    "相关阅读 >>",
    "省政府网站 | 市政府网站 | 各部门网站",
    "部门网站▼　区县网站▼　其他网站▼",
    "关于我们 | 联系我们 | 网站声明 | 纠错反馈",
    "网站地图　RSS订阅　意见征集",
    "主办单位：清岚县人民政府办公室　　运维单位：清岚县信息中心",
    "承办：桐溪区政务服务数据管理局",
    "技术支撑：中国电信清岚分公司",
    "地址：清岚县府前大道18号　邮编：322300",
    "联系电话：0579-8765 4321（工作日 8:30—17:00）",
    "电子邮箱：qlxzfb@qinglan.gov.cn",
    "政务服务热线：12345",
    "微信公众号　官方微博　移动客户端",
    "网站标识码：3307830002",
    "浙ICP备05021834号",
    "浙公网安备 33078302000157号",
    "粤ICP备2023012345号",
    "川公网安备51012202001234号",
    "京ICP证041189号",
    "鄂ICP备12003567号　鄂公网安备 42010202000789号",
    "Copyright©2008-2025 清岚县人民政府 版权所有",
    "版权所有：桐溪区人民政府　未经授权禁止复制或建立镜像",
    "本网站由清岚县人民政府办公室主办 保留所有权利",
    "推荐使用谷歌、火狐、360极速模式浏览本站",
    "最佳浏览效果：1920×1080分辨率，Chrome/Edge浏览器",
    "您是本站第 00528193 位访客",
    "我为政府网站找错",
    "适老化及无障碍服务网站",
]

# --- aggregator preambles and paywall lines -------------------------------------------------
PREAMBLE_BLIND = [
    "豆丁网 > 行业资料 > 工作总结",
    "文档页数：12页　　下载积分：5　　上传时间：2025-01-08",
    "共20页 | 3.6万字 | 格式：DOCX",
    "写作宝典网为您提供优质范文，本篇共计约3600字。",
    "以下是我们为您精选的3篇工作报告，点击标题查看。",
    "编辑推荐：工作报告写作模板（2025最新版）",
    "【篇二】",
    "范文三",
    "第四篇",
    "本文档由用户上传，如涉及侵权，请联系平台客服处理。",
    "免责声明：本站所有资料均来自网络，仅用于学习交流。",
    "原创声明：本文为作者原创，未经授权不得转载。",
    "该文档为VIP专享，开通VIP后可无限次下载。",
    "此内容为会员专享 ¥9.9 立即解锁",
    "温馨提醒：本文为付费内容，购买后可复制全文。",
    "预览已结束，剩余9页需下载查看",
    "还剩7页未读，继续阅读",
    "【本文共3页，当前第2页】",
    "立即下载（需消耗10积分）",
    "下载文档到电脑，查找使用更方便",
    "收藏本页，下次查找更方便",
    "想要获取本文完整版，请扫描下方二维码添加老师微信。",
    "点击关注，获取更多公文写作素材",
    "—— END ——",
    "往期推荐：2024年各类述职报告汇总（可下载）",
    "文章来源：XX市司法局微信公众号，版权归原作者所有，如有侵权请后台留言删除。",
    "长按识别二维码，关注我们",
    "分享 收藏 点赞 在看",
]

# --- fluent off-topic sentences, 15 to 40 characters -----------------------------------------
OFF_TOPIC_BLIND = [
    # sports
    "第三节一波十比零的攻势彻底打乱了对手的节奏，比赛早早失去悬念。",
    "马拉松赛道今年调整到了湖边，不少跑友说这是最适合刷成绩的一届。",
    "谁能想到这名十九岁的小将会在加时赛里连进两球呢？",
    "羽毛球混双组合在半决赛中逆转晋级，决赛将对阵卫冕冠军。",
    # entertainment
    "这档恋爱综艺第二季的嘉宾阵容曝光，弹幕瞬间被刷屏了！",
    "那位老戏骨凭借在年代剧中的表演，拿下了本届视帝的奖杯。",
    "听说周末的音乐节请来了好几支摇滚乐队，你抢到票了吗？",
    # recipes
    "红烧排骨想要颜色红亮，关键在于炒糖色时火候一定要小。",
    "和面时加一点盐，做出来的手擀面会更筋道爽滑。",
    "酸菜鱼的鱼片提前用蛋清和淀粉抓匀，下锅后就不容易碎。",
    "空气炸锅烤鸡翅，两百度十五分钟，中途翻一次面就够了。",
    # travel
    "建议四月去婺源看油菜花，清晨的篁岭云雾缭绕，美得像一幅画。",
    "坐夜班卧铺去看海，一觉醒来窗外就是蓝色的海岸线。",
    "这家海边民宿推开窗就能看到日出，旺季需要提前一个月预订。",
    "去新疆自驾一定要带够现金，有些路段上百公里都找不到加油站。",
    # product ads
    "这款电动牙刷有五种清洁模式，充一次电能用整整两个月！",
    "限时秒杀！纯棉四件套原价299元，今晚八点起只要99元。",
    "新款空气净化器采用四层滤网，除醛率高达百分之九十八。",
    # stocks, funds, gold
    "近期北向资金连续净流入，消费白马股有望迎来估值修复。",
    "基金定投最怕的就是追涨杀跌，坚持三年以上才能看到效果。",
    "黄金价格再创新高，不少年轻人开始在金店排队买金豆。",
    # health
    "饭后不要立刻躺下，散步二十分钟更有助于消化。",
    "长期熬夜的人不妨试试睡前泡脚，再喝一杯温牛奶。",
    "春季是过敏高发期，出门记得戴好口罩，回家后及时洗脸。",
    # education, exams
    "考研英语的阅读理解占分最高，每天至少要精读两篇真题。",
    "孩子写作业总是拖拉怎么办？不妨试试番茄钟学习法。",
    "今年高考志愿填报，计算机和电气类专业依然是热门选择。",
    # real estate
    "这套三室两厅南北通透，距离地铁站步行只要五分钟，业主诚心出售！",
    "首付降到两成以后，周边几个新盘的看房人数明显多了起来。",
    # cars
    "这款插混SUV的纯电续航超过一百公里，日常通勤几乎不用加油。",
    "冬天开车前别急着猛踩油门，先怠速热车一两分钟更好。",
    "新车提回来别急着贴膜，先开几天确认没有漆面问题。",
    # pets
    "猫咪突然不吃东西还总躲在床底下，是不是生病了？",
    "柯基的腿短，平时别让它频繁上下楼梯，容易伤到腰椎。",
    "给狗狗洗澡的水温控制在三十八度左右最合适。",
    # weather chat
    "这几天热得人都不想出门，空调开了一整晚还是睡不着。",
    "明天又要降温了，早上出门记得给孩子多穿一件外套！",
    "梅雨季节衣服总是晾不干，家里到处都是一股潮味。",
    # gadgets
    "新出的智能手表能测血氧和心率，戴着睡觉还能分析睡眠质量。",
    "用了三年的笔记本电脑越来越卡，换块固态硬盘就能快很多。",
    "这款平板的屏幕刷新率达到一百四十四赫兹，打游戏非常流畅。",
    "有没有人知道蓝牙耳机总是断连该怎么解决？",
]
