"""Fourth development pool ("dev4") for the corruption generator.

This pool is VISIBLE while tuning: the detector's author may read it, so results on it are
development figures only, not evidence of generalisation. It was written independently of the
detector and of the other pools (it shares no content string with `pools.py`, `pools_dev2.py`
or `pools_dev3.py`, and the blind pools were not consulted), from general knowledge of what
appears on scraped Chinese web pages. Its emphasis is the variety of page furniture: many CMS
templates (county portals, 政务公开 tables laid out in different ways, WeChat reposts, 范文 and
文库-like document sites, news portals), mobile footers, accessibility toolbars, share bars,
comment widgets, related-article lists, pagination, copyright and ICP lines, odd separators and
bullets, and lines that mix two widgets. Names, numbers, addresses, domains and registration
codes below are made up for illustration.

Same layout as the blind pools: flat lists, chrome lines in top-to-bottom page order.
"""
from __future__ import annotations

# --- injection: spam phrases as planted on hacked government pages (3 to 10 characters) ------
SPAM_BLIND = [
    # gambling / sports betting / lottery / casino brands
    "新濠天地线上娱乐", "凯发K8首页登录", "乐鱼体育在线",
    "星际娱乐平台注册", "大发快三走势图", "腾讯分分彩计划",
    "麻将胡了2爆分", "PG电子试玩", "九州酷游官网",
    "骰宝押大小", "番摊网上投注", "賽馬會貼士推介", "美高梅娛樂官網",
    "英超让球盘口", "NBA篮球串关", "LOL电竞押注",
    "二八杠在线玩", "21点真钱平台", "輪盤線上下注", "真人荷官發牌",
    # porn / adult live streams / escort
    "蜜桃传媒在线看", "成人漫画无删减", "私密直播福利", "果聊视频在线",
    "SM调教视频", "夜場小姐上門", "深夜影片免費看", "麻豆传媒最新",
    "偷拍摄像头直连", "情色小说全集", "番號下載合集", "OnlyFans福利",
    "兼职学生妹", "援交妹約會", "足浴特殊服務",
    # loans / credit / fake invoices
    "大学生无息借款", "空放贷款当天到", "花呗提现秒回",
    "白条套现95折", "强下口子大全", "代开专票13%", "各地普票出售",
    "餐饮发票可验真", "房产二押放款", "貸款免審核秒撥", "征信花也能下",
    "以贷养贷平台",
    # fake certificates / exam fraud
    "自考本科包拿证", "建造师证书挂靠", "二建代考包过", "偽造房產證",
    "户口本加急办理", "驾照销分代扣分", "文憑認證可查", "CPA代考保过",
    "職稱證書快速辦", "会计证出售",
    # pharma / drugs
    "印度希爱力代购", "金刚丸纯中药", "男性增大膏", "三唑仑购买",
    "听话水哪里买", "GHB蓝精灵", "瘦身咖啡一周瘦十斤", "丰胸霜私密发货",
    "降糖神药停西药", "春藥迷情香水", "處方藥免處方購",
    # SEO / link farms / traffic buying / fake reviews
    "360快排系统", "快排点击软件", "泛目录程序",
    "黑链代挂", "百度口碑刷评", "小红书代发笔记",
    "淘宝刷单补单", "直播间刷人气", "公众号刷阅读量", "域名劫持跳转",
    "SEO整站优化", "谷歌快速收录",
    # crypto and investment scams
    "泰达币场外交易", "数字货币空投领取", "ETH挖矿日收益", "区块链理财保本",
    "币圈内幕带单", "资金盘新项目", "NFT数藏抢购", "跑分平台招募",
    "U商承兑收款", "虛擬貨幣代投",
    # game cheats and private servers
    "和平精英透视挂", "王者荣耀代练", "CSGO自瞄外挂", "原神脚本挂机",
    "奇迹私服新开", "天龍八部私服", "无限钻石破解版",
    # replica goods / smuggled cigarettes
    "莆田纯原鞋货源", "高仿LV包批发", "勞力士水鬼複刻", "精仿香奈儿",
    "大牌女包尾單", "免稅煙直郵",
    # hacking / data selling
    "公民信息查询", "手机定位追踪", "四件套银行卡出售",
    "黑客接单改分", "DDoS攻击出租", "股民数据出售",
    "查人找人服務", "盜號木馬下載",
    # lure wording
    "复制链接打开", "扫码立即领取", "首充返利百分百",
    "看片请加V", "防封地址永久", "点此进入观看", "點擊領取紅包",
    "永久域名請收藏", "TG联系客服",
]
# what follows a phrase dropped mid-sentence ("" in about half the entries); these few
# single-character separators necessarily coincide with ones the other pools also use
SPAM_SEP_BLIND = ["", "", "", "", "_", "|", "："]
# separators between the phrases of a spam header line
HEADER_SEP_BLIND = ["▏", " | ", "／", " • ", " ▪ "]

# --- injection: web page chrome (top-to-bottom order) ---------------------------------------
CHROME_START_BLIND = [
    # top bars: accessibility, language, login, date
    "▏无障碍 ▏关怀模式 ▏English ▏手机访问",
    "今天是：2024年04月02日 农历甲辰年二月廿四 星期二",
    "欢迎光临桐溪县人民政府门户网站 Welcome to Tongxi County",
    "登录｜注册｜我的收藏｜消息(0)",
    "微信 · 微博 · 抖音 · 移动客户端 · 无障碍",
    "无障碍工具条：声音 ｜ 语速 ｜ 阅读方式 ｜ 配色 ｜ 放大 ｜ 缩小 ｜ 大鼠标 ｜ 十字线 ｜ 纯文本",
    # logo / search
    "中国·桐溪  www.tongxi.gov.cn",
    "站内搜索 全文检索  请输入您要搜索的内容...  🔍",
    "热词：惠企政策 ▪ 医保缴费 ▪ 不动产登记 ▪ 公积金",
    # navigation
    "首页 ► 要闻动态 ► 信息公开 ► 网上办事 ► 互动交流 ► 数据开放",
    "► 政务公开 | 领导信息 | 机构职能 | 政策文件 | 人事信息 ◄",
    "政府信息公开 政策文件 规划计划 财政资金 人事信息 统计数据",
    "»主动公开  »依申请公开  »公开年报  »公开指南",
    "公开目录 ▾  部门 ▾  年份 2024 ▾  查询",
    # breadcrumbs on different templates
    "当前位置：首页 → 政务公开 → 重点领域信息公开 → 法治政府建设",
    "位置：主页 >> 部门信息 >> 司法局 >> 通知公告",
    "您的位置: 首页 / 法治桐溪 / 依法行政 / 正文",
    "首页 > 范文大全 > 工作报告 > 法治政府建设报告",
    "当前位置：文库首页 › 行业资料 › 党政相关 › 正文",
    "文档网首页 ＞ 实用文档 ＞ 公文报告 ＞ 年度报告",
    "新闻 > 地方 > 正文  来源：澎湃号·政务  2024-04-01",
    # 政务公开 metadata tables in several layouts
    "索引号 | 11330122002500147K/2024-113452 | 分类 | 法治政府建设",
    "发布机构 | 桐溪县人民政府办公室 | 生成日期 | 2024-03-29",
    "文号 | 桐政办函〔2024〕12号 | 是否有效 | 是",
    "名称：桐溪县人民政府关于2023年度法治政府建设情况的报告",
    "【索引号】000014349/2024-00087【发布单位】县司法局【公开方式】主动公开",
    "信息索引号：K11/2024-0318001  信息分类：法治政府／年度报告",
    "分类：综合政务·法制  发文字号：无  成文时间：2024年3月26日",
    "公开范围：面向社会  公开时限：长期公开",
    "主 题 词：法治 报告",
    "文件名称：关于2023年法治政府建设情况的报告  发布时间：2024-03-28  阅读次数：1288",
    # date / source / author lines
    "发布日期：2024年03月30日 | 来源：区司法局 | 浏览量：1,086",
    "时间：2024-03-30 09:42:17  作者：管理员  点击数：",
    "2024-03-30 16:05 · 来源：本站原创 · 编辑：小周 · 阅读 735",
    "发布者：区政务公开办  发布时间：2024/3/30  【我要打印】",
    "信息来源：镇政府办  |  作者：综治办  |  责任编辑：胡亚楠",
    # WeChat article header
    "原创 桐溪司法 桐溪司法 2024-03-31 08:30 发表于浙江",
    "收录于合集 #法治政府建设 18个",
    "听全文 · 约6分钟",
    # document-site header
    "法治政府建设情况报告.docx · 4页 · 3.2万字 · 上传者：zhang***",
    "贡献者：wenku_12378  |  上传时间：2024-04-03  |  浏览：2356  |  下载：87",
    "★★★★☆ 4.6分（128人评价）  举报  收藏  分享",
    "【下载】【打印】【全屏】  文档格式：DOC  页数：6",
    "VIP免费下载 | 0下载券 | 立即下载",
    # title-area tools (several mix two widgets on one line)
    "字号 A+ A A- ｜ 打印 ｜ 关闭 ｜ 分享",
    "〔返回〕 字号：大 中 小 │ 浏览次数：412 │ 打印",
    "分享：QQ空间 | 新浪微博 | 微信 | 更多+",
    "语音朗读：■ 暂停 ◀◀ ▶▶ 倍速1.0x",
    "手机看 ◎ 扫一扫在手机上阅读",
    "浏览次数：正在加载…  【关闭本页】",
]
CHROME_END_BLIND = [
    # end of the article, attachments, tools
    "【完】",
    "附件：1. 2023年度法治政府建设情况报告（PDF版）.pdf  2. 政策解读.docx",
    "附件【桐溪县法治政府建设报告.pdf】已下载 126 次",
    "扫码手机阅读 ▪ 打印本页 ▪ 关闭窗口 ▪ 返回顶部",
    "分享到： 微信 | 微博 | QQ | 复制链接",
    "点赞(12)  收藏  评论(0)  举报",
    "【责编：陈思远  审核：孔令辉】",
    "编辑：李雪琴 | 校对：王立 | 审核：郑海峰 | 监制：余涛",
    "本文来源：桐溪发布  原文链接：https://mp.weixin.qq.com/s/xK3aPq7vL2TfdW9eZ",
    "阅读原文 ▏ 分享 ▏ 收藏 ▏ 赞 41 ▏ 推荐",
    "留言 精选留言 作者已设置留言精选",
    # comment widgets
    "发表评论  已有 0 条评论，快来抢沙发吧～",
    "网友评论 请遵守《互联网新闻信息服务管理规定》，文明上网 理性发言",
    "验证码： 看不清？换一张  提交评论",
    # related articles / prev-next / pagination
    "上一篇：街道办事处2023年度法治建设工作总结 下一篇：没有了",
    "相关文章 →",
    "• 关于印发《2024年全面依法治县工作要点》的通知",
    "• 2022年度桐溪县法治政府建设情况报告",
    "· 县司法局召开2024年普法依法治理工作会议 03-21",
    "▪ 镇人民政府2023年度法治政府建设工作总结 2024-01-12",
    "推荐阅读：法治政府建设年度报告怎么写？附5篇范文",
    "猜你喜欢  换一批",
    "◄ 上一页  1  2  3  …  12  下一页 ►  跳转至 页",
    "首页 上页 [1] 2 3 4 下页 尾页 共4页",
    "▲ 返回顶部",
    # mobile footers
    "移动端: 首页｜ 搜索｜ 服务｜ 我的",
    "电脑版 | 触屏版 | 无障碍 | 关怀版",
    "下载APP ▸ iOS ▸ Android  扫码下载客户端",
    "关注我们：[微信公众号] [官方微博] [抖音号] [视频号]",
    # site footers: links, sponsors, addresses
    "友情链接：中国政府网 ▼ 省政府部门网站 ▼ 市县政府网站 ▼",
    "网站地图丨联系我们丨网站声明丨隐私政策丨使用帮助",
    "关于我们 · 服务条款 · 免责声明 · 广告合作 · 意见反馈",
    "主办单位：桐溪县人民政府办公室　　承办单位：桐溪县大数据发展中心",
    "运维单位：杭州云政科技有限公司  运维电话：0571-86021234",
    "地址：桐溪县城关镇人民路一号（邮编311500）  电话：0571-6462 1200",
    "[党政机关] [我为政府网站找错] [无障碍]",
    # registration / copyright lines in many layouts
    "政府网站标识码 3301220001 ｜ 浙ICP备05012356号-1 ｜ 浙公网安备 33012202000188号",
    "ICP证：京B2-20190488  ｜  京ICP备16032511号-3",
    "网络文化经营许可证 沪网文〔2022〕1234-056号",
    "违法和不良信息举报电话：12377  举报邮箱：jubao@wendang88.com",
    "版权所有 © 桐溪县人民政府 2006-2024  未经许可不得转载",
    "COPYRIGHT (C) 2019-2024 TONGXI COUNTY PEOPLE'S GOVERNMENT. ALL RIGHTS RESERVED.",
    "© 2024 范文在线 fanwen.example.com 版权所有 | 苏ICP备18002367号",
    "本站文档均由用户上传，如有侵权请联系客服删除　客服QQ：800012345",
    "客服热线 400-800-1234（9:00-18:00）  在线客服",
    # browser hints, counters, CMS banners
    "推荐使用 Chrome / Edge / 360极速模式 浏览本站，最佳分辨率1920*1080",
    "本网站支持 IPv6 ｜ 已适配无障碍 ｜ 适老化改造",
    "网站访问量：00987654  今日访问：1,204  在线：18",
    "Powered by DedeCMS © 2004-2024 DesDev Inc.",
    "页面执行时间：0.0312秒  Processed in 0.041 second(s), 12 queries",
]

# --- injection: aggregator preambles, paywall / download lines, WeChat-repost lines ----------
PREAMBLE_BLIND = [
    # 范文 aggregator openings
    "导读：法治政府建设情况报告怎么写？本期为大家整理了6篇优秀范文，欢迎阅读借鉴。",
    "时间过得真快，转眼间一年的工作又结束了，是时候写一份工作报告好好总结一下了。",
    "报告是一种常用公文，写好一份报告需要注意格式和结构，下面是本站为你准备的相关范文。",
    "法治政府建设情况报告精选范文（共10篇）",
    "目录：第1篇 第2篇 第3篇 第4篇 第5篇",
    "第一篇：2023年乡镇法治政府建设情况报告",
    "◆范文三◆",
    "内容来源：网络整理 ▏ 本文约5200字，阅读需13分钟",
    # 范文 aggregator endings
    "更多相关内容请点击：法治政府建设情况报告汇编",
    "本文标签：法治政府 年度报告 述职述法",
    "以上就是小编整理的法治政府建设情况报告全部内容，觉得有用就收藏吧。",
    "相关推荐：法治政府建设自查报告｜法治建设述职报告｜依法行政工作总结",
    "注：本文仅供参考，请勿直接照搬使用，引用时请注意核对最新政策。",
    "更多范文请关注本站，本站持续更新各类公文材料。",
    # paywall / download lines of document sites
    "温馨提示：当前内容仅展示部分，完整文档请下载后查看。",
    "试读结束，剩余内容需付费阅读（￥9.90）",
    "开通会员 享全站文档不限量下载 首月仅需1元",
    "登录后可复制全文，未登录用户每日限复制200字。",
    "本文档已被下载 1536 次，最近下载：3分钟前",
    "预览已结束，完整报告请扫码支付后获取。",
    "付费内容 · 已有326人购买",
    "下载提示：本站提供的文档为Word格式，可自由编辑修改。",
    "【下载完整版】【加入收藏】【复制本文】",
    "推荐度：★★★★☆  点击下载文档  文档为doc格式",
    # WeChat reposts: openings and endings
    "原标题：《区政府关于2023年度法治政府建设情况的报告》",
    "转自：桐溪司法 ，作者：依法行政科",
    "本文转载自微信公众号“基层法治观察”，已获授权。",
    "↑↑↑ 点击上方“公文写作助手”关注，每天分享实用材料",
    "设为星标★，不错过每一篇推送",
    "关注公众号，回复“法治”获取全部范文Word版",
    "往期推荐 ▶ 2024年述法报告模板合集",
    "觉得文章不错？分享、点赞、在看三连走起～",
    "免责申明：文章内容系作者个人观点，不代表本号立场，如有侵权请后台联系。",
    "— 本期编辑 · 小吴 —",
    "文字 | 县司法局  图片 | 网络  排版 | 阿琳",
]

# --- injection: fluent sentences off the report's topic -------------------------------------
OFF_TOPIC_BLIND = [
    # sport
    "昨晚的斯诺克大师赛决胜局，他一杆打出了一百四十七分满分。",
    "女排姑娘们在第五局连追六分，最终逆转拿下了这场关键比赛。",
    "羽毛球双打的站位很讲究，进攻时通常采用前后站位。",
    "这位中超外援本赛季已打进十九球，暂列射手榜第一位。",
    # cooking
    "做红烧肉时先炒糖色，肉块才会红亮诱人而且不发黑。",
    "凉拌黄瓜拍碎了更容易入味，再加点蒜末和香醋就很爽口。",
    "自制酸奶发酵八到十个小时，放进冰箱冷藏后口感更好。",
    # travel
    "周末骑行到城郊的水库边，沿途的油菜花开得正旺。",
    "去新疆自驾一定要备足油，有些路段两百公里都没有加油站。",
    "这座古镇的夜景特别美，小河两岸挂满了红灯笼。",
    "冰岛的极光季一般从九月持续到来年三月，晴朗的夜晚最容易看到。",
    # gadgets
    "这款智能手表能监测血氧和睡眠，充一次电可以用两周。",
    "新出的游戏掌机性能不错，但玩大型游戏时发热有点明显。",
    "电脑换了固态硬盘以后，开机时间从一分钟缩短到十几秒。",
    # celebrities
    "那位影帝官宣息影的消息一出，粉丝们纷纷在评论区留言挽留。",
    "这对明星夫妇带着孩子逛菜市场，被路人拍到后上了热搜。",
    # pets
    "金毛犬性格温顺，特别适合有小孩的家庭饲养。",
    "家里的橘猫最近胖了两斤，兽医建议换成低脂猫粮。",
    "鹦鹉学会说“你好”之后，每天一大早就在笼子里喊个不停。",
    # games
    "这款开放世界游戏的主线剧情大约需要六十个小时才能通关。",
    "新赛季排位赛更新了英雄平衡，射手位的强度明显下降。",
    "抽卡九十发保底还是歪了，这个版本的角色只能等复刻了。",
    # weather
    "气象台发布暴雨黄色预警，明天出门记得带好雨具。",
    "今年入梅比往年早了一周，衣柜里最好放几包除湿剂。",
    "寒潮过后气温骤降十度，北方不少地方迎来了初雪。",
    # misc leisure
    "周末的音乐节请来了好几支独立乐队，草坪上坐满了年轻人。",
    "她把阳台改造成了小书房，铺上木地板后显得温馨多了。",
    "收纳衣服用竖着叠的方法，抽屉里能多放一倍的东西。",
    "这部悬疑剧的结局反转太大了，弹幕里都在猜凶手是谁。",
    "钓鱼的时候用玉米粒打窝，很快就能引来一群鲫鱼。",
    "想要拍出好看的星轨照片，需要三脚架和足够长的曝光时间。",
]
