/**
 * Sample legal-education content (示例普法内容) for a new town: articles in the three columns
 * (以案释法 case stories, 法律常识 legal knowledge, 政策解读 policy) and a few 法德讲堂
 * lectures in the coming weeks. Every record is flagged `sample: true`.
 *
 * The stories are composites written for this sample: the people (王大爷, 李婶 …) are
 * invented and generic, and no story describes a real case. Laws are cited by name, with an
 * article number only where the number is certain; a town's legal adviser should review the
 * texts before the town relies on them, and replace them with its own.
 */
import type { Article, ArticleCategory, Lecture } from '../../shared/learning/learning.schema';
import { articleSchema, lectureSchema } from '../../shared/learning/learning.schema';
import type { AppContext } from '../runtime/context';
import { chinaDate, chinaIso } from '../../shared/calendar/china-time';
import { GRID_NODES } from '../store/collections';
import { articleWriter, lectureWriter } from './learning.collections';

export interface SampleArticle {
  /** Stable part of the id, so seeding twice changes nothing. */
  readonly slug: string;
  readonly category: ArticleCategory;
  readonly title: string;
  readonly summary: string;
  readonly tags: readonly string[];
  /** Part of the 法德明白人 reading path. */
  readonly inReadingPath: boolean;
  /** The story or explanation; paragraphs separated by blank lines. */
  readonly text: string;
  /** What it rests on: laws by name (and article where certain), or the town's policy. */
  readonly basis: string;
  readonly basisLabel: '法律依据' | '政策依据';
}

export const SAMPLE_ARTICLES: readonly SampleArticle[] = [
  {
    slug: 'support-parents',
    category: 'case_story',
    title: '三个儿子都说“轮不到我”——王大爷的赡养费有着落了',
    summary:
      '王大爷年近八十，三个儿子互相推脱赡养。大嫂调解员上门调解，讲清赡养是每个子女的义务，兄弟三人签下了赡养协议。',
    tags: ['赡养', '家事调解'],
    inReadingPath: true,
    text: `王大爷今年七十八岁，老伴走得早，自己种不动地了，身体也不大好。三个儿子都成了家，可一说到给老人钱、陪老人看病，就互相推：“老大分的房子多，该他管”“老三在城里挣钱多，该他出”。王大爷心里难受，到百姓说事点说了这件事。

家事调解室的大嫂调解员先挨家上门拉家常，再把兄弟三人请到一起。她说：赡养老人不看谁分得多、谁挣得多，是每个子女都有的义务；分家时房子怎么分是另一回事，不能拿来抵赡养。老人不光要吃饱穿暖，生病要有人照料，心里也要有人惦记。

最后兄弟三人商量好：每人每月给老人三百元，看病的钱三家平摊，每家轮流照顾一个月。调解员帮他们写成人民调解协议书，三方签字，网格员每月回访一次。

要记住：子女不能拿“放弃继承”“父母偏心”当理由不管老人。子女不尽赡养义务的，缺乏劳动能力或者生活困难的老人，有权要求子女给付赡养费，可以找网格员、调解员，也可以向法院起诉。`,
    basis: '《中华人民共和国民法典》第一千零六十七条；《中华人民共和国老年人权益保障法》第十四条',
    basisLabel: '法律依据',
  },
  {
    slug: 'will-and-inheritance',
    category: 'case_story',
    title: '老宅该归谁？李婶家的遗嘱和法定继承',
    summary:
      '李婶的老伴去世后，子女为老宅起了争执。一张写得不规范的“遗嘱”差点闹出大矛盾，法律顾问讲清了遗嘱的要求和法定继承顺序。',
    tags: ['继承', '遗嘱'],
    inReadingPath: false,
    text: `李婶的老伴去年去世，留下三间老宅。小儿子拿出一张纸，说是父亲生前立的遗嘱，老宅留给他。可纸上的字是小儿子自己写的，没有老人签名，也没写日期。大女儿不服，兄妹俩吵到了村里。

村里的法律顾问来到群众说话室，先讲遗嘱：自己写的遗嘱，要本人亲笔书写、签名，注明年、月、日；请人代写的，要有两个以上见证人在场，由其中一人代书，立遗嘱的人、代书人和其他见证人都要签名，注明年、月、日。这张纸哪一样都不符合，不能算有效的遗嘱。

没有有效遗嘱，就按法定继承办。第一顺序继承人是配偶、子女、父母；第二顺序是兄弟姐妹、祖父母、外祖父母。有第一顺序继承人的，第二顺序的不继承。还要注意：老宅是老两口的共同财产，一半本来就是李婶的，只有老伴那一半才是遗产，由李婶和子女一起继承。

道理讲明白了，一家人坐下来商量：老宅由李婶住到老，小儿子照顾母亲多，将来多分一些。调解员把大家的意见写进了调解协议。

提醒大家：想立遗嘱，可以请法律顾问帮着把关，写清楚、签好名、写上日期，免得身后子女起纠纷。`,
    basis: '《中华人民共和国民法典》第一千一百二十七条、第一千一百三十四条、第一千一百三十五条',
    basisLabel: '法律依据',
  },
  {
    slug: 'land-transfer',
    category: 'case_story',
    title: '口头一句话，流转五年起纠纷——承包地流转要签书面合同',
    summary:
      '张叔把承包地口头交给同村人种，租金和年限都没写下来，五年后为地租吵了起来。讲讲土地经营权流转该怎么办才稳妥。',
    tags: ['土地承包', '流转合同'],
    inReadingPath: false,
    text: `张叔常年在外打工，五年前把自家六亩承包地交给同村的老赵种，当时只说了一句“一年给点租金就行”。头两年老赵按每亩四百元给，后来粮价变了，老赵只肯给三百；张叔想收回地自己种，老赵又说“当初说好种十年”。两个人各说各的，谁也拿不出凭据。

老支书调解室的调解员把两家请到一起。调解员说：地的承包权还是张叔家的，他可以把土地经营权流转给别人，出租、入股都可以，但要向村里（发包方）备案；流转要签书面合同，写清地块、面积、期限、租金和什么时候付、到期后地怎么交回，流转期限不能超过承包期剩下的年限。口说无凭，最容易起纠纷。

经过调解，双方同意：今年的地租按每亩三百五十元结清，再签三年的书面流转合同，合同交村里备案，到期后由张叔决定续不续。

提醒：流转的地不能改变农业用途，不能在耕地上盖房。遇到流转纠纷，可以找村调解小组调解，也可以申请农村土地承包仲裁，或者到法院起诉。`,
    basis: '《中华人民共和国农村土地承包法》关于土地经营权流转的规定',
    basisLabel: '法律依据',
  },
  {
    slug: 'neighbour-drainage',
    category: 'case_story',
    title: '一条排水沟，两家十年的疙瘩——老支书这样调解',
    summary:
      '前后院为雨水往哪儿排吵了多年。老支书调解室的调解员到现场丈量、讲相邻关系的道理，两家一起出工修了排水沟。',
    tags: ['邻里纠纷', '老支书调解'],
    inReadingPath: true,
    text: `前院的刘家翻盖新房，把院墙往外垒了半米，地面也垫高了。一到下雨天，雨水全往后院的陈家流，陈家院子成了水坑。陈家去理论，刘家说“墙在我家地界上”，两家越吵越凶，差点动了手。网格员知道后，把这事报给了老支书调解室。

老支书先不急着评理，带着两家人到现场，对着宅基地的老登记一点点量，发现刘家的墙确实压过了界线二十多公分。接着他讲道理：邻里之间，要按“有利生产、方便生活、团结互助、公平合理”的原则处理；自家排水要给邻居留出路，不能把水往邻居家一倒了之，邻居正常用水、排水，也要给人家行个方便。

最后两家商量：刘家把多占的墙基退回去，在两家中间修一条排水沟，材料钱刘家出大头，陈家出工。沟修好那天，两家男人坐在一起喝了茶，十年的疙瘩解开了。

提醒：邻里有矛盾别硬顶，先找网格员或村里的调解员，调解不收费。动手打人不但解决不了问题，还可能要承担法律责任。`,
    basis: '《中华人民共和国民法典》第二百八十八条、第二百九十条',
    basisLabel: '法律依据',
  },
  {
    slug: 'straw-in-lane',
    category: 'case_story',
    title: '胡同里堆柴草，一个烟头烧了邻居家——损失谁来赔？',
    summary:
      '秋收后有人把玉米秸秆堆在胡同里，被烟头引燃，烧坏了邻居的大门和三轮车。讲讲堆放柴草的防火规矩和损失由谁承担。',
    tags: ['消防', '涉消调解'],
    inReadingPath: true,
    text: `秋收过后，老孙图方便，把一大垛玉米秸秆堆在家门口的胡同里，占了大半条路。一天傍晚，不知谁扔了个烟头，秸秆烧了起来，火借风势烧坏了对门老周家的木大门，还烧了停在门口的电动三轮车。幸亏邻居们提水扑救，消防车也赶到了，才没烧进屋里。可因为胡同被柴草占着，消防车差点开不进来。

事后老周要老孙赔，老孙说：“火又不是我点的。”涉消调委会的调解员和消防站的同志一起来调解。他们讲：胡同、巷道是大家的疏散通道，也是消防车通道，谁都不能占用、堵塞。老孙把易燃的秸秆堆在通道上，自己有过错，对损失要承担相应的赔偿责任；扔烟头的人找到了，也要担责。

最后老孙赔了老周大门和三轮车的一部分损失，并把秸秆挪到了村外的集中堆放点。

提醒大家：柴草要堆在远离房屋、电线的地方，不堵路、不靠墙；家里备好灭火器或水桶；发现火情，马上拨打 119。`,
    basis:
      '《中华人民共和国消防法》关于不得占用、堵塞消防车通道和疏散通道的规定；《中华人民共和国民法典》第一千一百六十五条',
    basisLabel: '法律依据',
  },
  {
    slug: 'refund-scam',
    category: 'case_story',
    title: '“您的快递丢了，给您退款”——李婶差点被骗走两万元',
    summary:
      '冒充客服的“退款”电话，一步步让人下载软件、开共享屏幕、转账。李婶在网格员提醒下及时收手。教您认清假退款诈骗。',
    tags: ['反诈', '防骗'],
    inReadingPath: true,
    text: `李婶在网上给孙子买了件衣服。几天后，一个陌生号码打来电话，对方准确说出了她的姓名和买的东西，说：“您的快递丢了，我们给您双倍退款。”接着让李婶下载一个软件、打开“共享屏幕”，说要“验证银行卡”；又说李婶的“信用分”不够，得先转一笔钱“刷流水”才能退款。

李婶正要去镇上的银行转账，碰上了网格员。网格员一听就说：“这是诈骗！”陪她回家删了软件，帮她拨打 96110 反诈专线咨询，又改了银行卡密码。

记住“三不一多”：陌生来电不轻信；个人信息和验证码不透露；不转账、不开共享屏幕；遇事多和家人、网格员商量。真正的退款会原路退回付款账户，绝不会让您下载软件、开共享屏幕，更不会让您先转钱。

要是已经转了钱，马上拨打 110 报警，保存好对方的号码和转账记录。国家专门制定了反电信网络诈骗法，银行、电信和网络平台都有防范的责任，公安机关会依法打击。`,
    basis: '《中华人民共和国反电信网络诈骗法》',
    basisLabel: '法律依据',
  },
  {
    slug: 'collective-assets',
    category: 'policy',
    title: '村集体的地和钱，怎么包出去才合规？——说说农村“三资”',
    summary:
      '私自占用、压低承包费、承包期过长、合同不规范、承包费长期拖欠，是农村“三资”最常见的问题。讲讲村民有哪些权利、怎么监督。',
    tags: ['农村三资', '集体合同'],
    inReadingPath: false,
    text: `农村“三资”，是村集体的资金、资产和资源，比如集体的机动地、荒山荒滩、坑塘、村里的厂房和账上的钱。它们属于全体村民，不是哪一个人的。

常见的毛病有：有人私自占用集体的地；集体的地低价包出去，承包费比周边低一大截；一签就是三四十年，甚至更长；合同写得稀里糊涂，没写违约了怎么办；承包费一欠好几年，没人去要。这些都让集体吃了亏。

集体的地和资产怎么包、包给谁、多少钱，要经村民会议或者村民代表会议讨论决定，方案和结果要公开；合同要签书面的，写清期限、价款、付款时间和违约责任。出租集体资产的，租期最长不能超过二十年。

村里的法律顾问每年会给村两委出一次专业的法律意见，帮着清理不规范的合同：该补签的补签，欠的承包费依法追缴，明显不合理的依法协商变更。

村民发现集体资产被私占、被贱卖，可以看村务公开栏，向村务监督委员会反映，也可以在“和合说事”里说事，网格员会登记并转给有关部门。`,
    basis: '《中华人民共和国村民委员会组织法》；《中华人民共和国民法典》第七百零五条',
    basisLabel: '法律依据',
  },
  {
    slug: 'family-quarrel',
    category: 'case_story',
    title: '吵到要离婚的小两口，被“大嫂”劝回了家',
    summary:
      '小两口为钱和照顾老人吵得不可开交，媳妇回了娘家。大嫂调解员上门谈心，帮一家人把话说开，日子又过到了一起。',
    tags: ['婚姻家庭', '大嫂调解'],
    inReadingPath: false,
    text: `小刘和媳妇小梅结婚五年，小刘在外跑运输，挣的钱都交给自己母亲管；小梅在家带孩子、照顾婆婆，手里没钱，心里委屈。一次为了给孩子报补习班的钱，两口子大吵一架，小梅抱着孩子回了娘家，说要离婚。

家事调解室的“大嫂”调解员是村里的妇女主任。她先到小梅娘家听小梅说委屈，又去找小刘和他母亲聊。她说：夫妻在家里地位平等，家里的钱怎么花，要两口子一起商量；媳妇在家照顾老人孩子，也是在为这个家出力。婆婆疼儿子没有错，可小家的日子，得让小两口自己当家。

调解员把一家人请到群众说话室，让每个人把心里话说出来。最后商定：小刘的收入夫妻一起管，大事一起商量；每月给母亲生活费，小两口轮流陪老人看病。小梅当天就带着孩子回了家。

提醒：家里有矛盾，先好好说，也可以找大嫂调解员。家庭暴力不是家务事，遇到家暴要及时报警，还可以向法院申请人身安全保护令。`,
    basis:
      '《中华人民共和国民法典》第一千零四十三条、第一千零五十五条；《中华人民共和国反家庭暴力法》',
    basisLabel: '法律依据',
  },
  {
    slug: 'mediation-agreement',
    category: 'legal_knowledge',
    title: '调解成功以后：人民调解协议和司法确认',
    summary:
      '人民调解达成的协议有法律约束力。双方可以在协议生效后三十日内一起向法院申请司法确认，确认后对方不履行的，可以申请强制执行。',
    tags: ['人民调解', '司法确认'],
    inReadingPath: true,
    text: `在调解室把事说开了、达成一致，调解员会帮大家写一份人民调解协议书。协议书写清：双方的基本情况；纠纷的事实和各自的责任；商定的内容；怎么履行、在哪儿履行、什么时候履行完。双方签名或按手印，调解员签名并加盖调解委员会的印章，一般一式三份，双方和调解委员会各留一份。

调解协议有法律约束力，双方都应当按约定履行。调解员之后会回访，看协议有没有落实。

要是担心对方以后反悔，可以申请“司法确认”：自调解协议生效之日起三十日内，双方一起向人民法院申请。法院确认有效后，一方不履行的，另一方可以直接向法院申请强制执行，不用再打一场官司。“和合说事”会提醒您三十天的期限。

要注意：涉及身份关系的，比如婚姻关系、收养关系，不能申请司法确认，要走诉讼等别的途径，调解员会在去法院之前告诉您。

人民调解不收任何费用，双方自愿，任何一方都可以拒绝或者中止调解。调解不成，调解员会告诉您还有哪些路可走，比如仲裁、诉讼。`,
    basis: '《中华人民共和国人民调解法》第四条、第二十九条、第三十一条、第三十三条',
    basisLabel: '法律依据',
  },
  {
    slug: 'public-interest-clue',
    category: 'legal_knowledge',
    title: '河水发黑发臭怎么办？村民也能向检察院反映公益诉讼线索',
    summary:
      '看到河道被排污、林地被毁、农资坑农，可以在“和合说事”里报公益诉讼线索，可以不留姓名，凭查询码跟进办理结果。',
    tags: ['公益诉讼', '生态环境'],
    inReadingPath: false,
    text: `村东头的小河，这阵子水发黑、有怪味，河边还漂着死鱼。王大爷怀疑是上游的小作坊夜里偷排污水。这种事关系到全村人的饮水、庄稼和孩子的健康，损害的是大家的利益，法律上叫“社会公共利益”。

对损害公共利益的事，检察院可以提起公益诉讼：督促有关部门依法履职，或者直接起诉污染的人。生态环境和资源保护、食品药品安全、农产品质量安全、安全生产、文物保护等，都在公益诉讼的范围里。

村民怎么反映？在“和合说事”里选“公益诉讼线索”，写清看到了什么、在哪儿、什么时候，能拍照就拍几张。可以留姓名，也可以不留：不留名的，系统给您一个查询码，凭码就能查看办理进度；留了姓名的，您是谁只有检察官能看到，网格员也看不到。

检察院收到线索后，七个工作日内给您程序上的答复，三个月内告诉您办理结果或者进展。网格员也会到现场核实。还可以拨打 12309 检察服务热线反映。

提醒：反映情况要实事求是；拍照时注意安全，不要和对方起冲突。`,
    basis: '《中华人民共和国民事诉讼法》《中华人民共和国行政诉讼法》关于检察机关提起公益诉讼的规定',
    basisLabel: '法律依据',
  },
  {
    slug: 'legal-aid',
    category: 'legal_knowledge',
    title: '打官司请不起律师？看看法律援助能不能帮您',
    summary:
      '经济困难的群众，为讨要赡养费、工钱、工伤赔偿等事打官司，可以申请免费的法律援助。村里的法律顾问会帮您看看符不符合条件、怎么申请。',
    tags: ['法律援助', '法律顾问'],
    inReadingPath: false,
    text: `老陈在外地工地干了大半年，包工头欠了他一万多元工钱不给。老陈想打官司，一打听请律师要花不少钱，犯了难。

其实国家有法律援助制度：经济困难的群众，在和生活密切相关的一些事情上，可以申请由国家免费提供律师等法律服务。常见的有：要赡养费、抚养费、扶养费；讨要工钱；工伤、交通事故等人身损害的赔偿；申请社会保险待遇、最低生活保障待遇等。有些情况申请时可以不审查经济困难条件，比如遭受虐待、遗弃或者家庭暴力的人维护自己权益的，具体可以问法律顾问。

怎么申请？可以先找村里的法律顾问：在“和合说事”里选“法律咨询”，把事情说一说，法律顾问会帮您看看符不符合条件；也可以到县法律援助中心或者镇司法所申请，带上身份证、经济困难的证明和跟案子有关的材料。还可以拨打 12348 公共法律服务热线咨询。

老陈在法律顾问的帮助下申请了法律援助，援助律师帮他整理了考勤和转账记录，最后拿回了工钱。`,
    basis: '《中华人民共和国法律援助法》',
    basisLabel: '法律依据',
  },
  {
    slug: 'elderly-remarriage',
    category: 'case_story',
    title: '想再婚的赵奶奶——夕阳红调解室帮老人说出心里话',
    summary:
      '赵奶奶丧偶多年，想和邻村的老伴儿一起过日子，子女极力反对，还停了生活费。夕阳红调解室帮一家人解开了心结。',
    tags: ['老年人权益', '夕阳红调解'],
    inReadingPath: false,
    text: `赵奶奶的老伴走了七八年，她一个人住在老屋。去年她和邻村的孙大爷熟悉起来，两人想搭伴过日子。儿女们知道后坚决反对，怕老宅将来“落到外人手里”，还说“你要再婚，以后就别找我们”，连每月的生活费也停了。

赵奶奶找到了夕阳红调解室。这里的调解员都是村里退休的老干部、老教师，说话老人们爱听。他们先陪赵奶奶拉家常，再请她的儿女来谈。

调解员讲了三层意思：第一，老人的婚姻自由受法律保护，子女不能干涉老人离婚、再婚和婚后的生活；第二，赡养义务不因为老人再婚就没有了，停掉生活费是不对的；第三，子女担心的财产问题，可以通过婚前把各自财产说清楚、立遗嘱等办法来安排，不必用反对婚事来解决。

儿女们听了，也说出了心里的担心。最后一家人商定：赵奶奶和孙大爷登记结婚前，把各自的财产写清楚；儿女们照常给生活费，常回家看看。

提醒：和老人分开住的子女，应当经常看望或者问候老人。老人遇到不赡养、被虐待、财产被侵占等事，可以找夕阳红调解室，也可以申请法律援助。`,
    basis: '《中华人民共和国老年人权益保障法》第十八条、第二十一条',
    basisLabel: '法律依据',
  },
  {
    slug: 'one-household-one-mingbairen',
    category: 'policy',
    title: '什么是“一户一法德明白人”？家里有一人学完，您家就有了明白人',
    summary:
      '小店镇推行“网格化+法德明白人”：每户培养一名尊法守法、遇事找法的法德明白人。家里有一人学完全部学习内容，您家就有了法德明白人。',
    tags: ['法德明白人', '普法'],
    inReadingPath: true,
    text: `小店镇依托全科智慧网格，推行“一户一法德明白人”。目标是每户培养一名法德明白人：心中有法，尊法守法，遇事找法。法德明白人能带动家里人学法守法，邻里有了矛盾，也能帮着讲讲道理、找对门路。

怎么算学完？在“和合说事”的普法栏目里，标着“法德明白人学习内容”的文章就是要学的。一篇文章从头读到尾，就算读完了这一篇。家里只要有一个人把全部学习内容都读完，您家就有了法德明白人。家里每个人读了多少，户里的人都能看到，可以互相督促。

学习内容讲的都是大家常遇到的事：赡养老人、邻里相处、防火、防诈骗、调解协议怎么用等等。每篇几分钟就能读完。

除了读文章，镇里还办“法德讲堂”，请法律顾问、司法所、派出所的同志来讲课，在“和合说事”里就能报名。村里的法律顾问每年也会到村里上一次法治课。

还没有登记户的，请找本村网格员帮您登记，家里人的学习情况就能一起看到了。学习中有不明白的，也可以在“和合说事”里向法律顾问咨询。`,
    basis: '小店镇“网格化+法德明白人工程”，每户培养一名法德明白人',
    basisLabel: '政策依据',
  },
];

/** The body stored for a sample: the text, then what it rests on. */
export function sampleBody(sample: SampleArticle): string {
  return `${sample.text}\n\n${sample.basisLabel}：${sample.basis}。`;
}

/** The id of a sample article in a town (stable, so seeding is idempotent). */
export function sampleArticleId(townId: string, slug: string): string {
  return `art-sample-${townId}-${slug}`;
}

/** The id of a sample lecture in a town. */
export function sampleLectureId(townId: string, n: number): string {
  return `lecture-sample-${townId}-${n}`;
}

/** Builds the stored article for a sample (validated; a bad sample is a programming error). */
export function sampleArticleRecord(
  townId: string,
  sample: SampleArticle,
  publishedAt: string,
): Omit<Article, '_version'> {
  const { _version: _drop, ...article } = articleSchema.parse({
    _id: sampleArticleId(townId, sample.slug),
    townId,
    createdAt: publishedAt,
    updatedAt: publishedAt,
    _version: 0,
    category: sample.category,
    title: sample.title,
    summary: sample.summary,
    body: sampleBody(sample),
    tags: [...sample.tags],
    inReadingPath: sample.inReadingPath,
    status: 'published',
    publishedAt,
    authorId: 'system',
    sample: true,
  });
  return article;
}

interface SampleLecture {
  readonly title: string;
  readonly speaker: string;
  readonly description: string;
  readonly place: string;
  /** Days from the seeding day, and the local start and end time. */
  readonly inDays: number;
  readonly from: string;
  readonly to: string;
  readonly capacity: number;
}

/** Evening lectures, after the day's farm work, a week apart. */
const SAMPLE_LECTURES: readonly SampleLecture[] = [
  {
    title: '守好钱袋子：防范电信网络诈骗',
    speaker: '镇派出所民警',
    description: '讲讲假退款、假客服、冒充亲友借钱这些常见骗局怎么识别，钱被骗了第一时间该怎么做。',
    place: '小店镇综治中心法德讲堂',
    inDays: 7,
    from: '19:00',
    to: '20:30',
    capacity: 80,
  },
  {
    title: '赡养、继承与家庭和睦',
    speaker: '镇法律顾问',
    description: '结合身边的事，讲子女赡养老人的义务、遗嘱怎么立才有效，以及家事纠纷怎么调解。',
    place: '小店镇司法所会议室',
    inDays: 14,
    from: '19:00',
    to: '20:30',
    capacity: 60,
  },
  {
    title: '承包地流转与村集体“三资”合同',
    speaker: '镇司法所工作人员',
    description: '土地经营权流转合同怎么签、集体资产怎么包才合规，现场解答大家的问题。',
    place: '小店镇综治中心法德讲堂',
    inDays: 21,
    from: '19:00',
    to: '20:30',
    capacity: 50,
  },
];

export interface SeedResult {
  readonly articlesAdded: number;
  readonly lecturesAdded: number;
}

/**
 * Adds the sample articles and lectures to a town. Idempotent: ids are stable and a record
 * that already exists (perhaps edited since) is left as it is. Lectures are held at the
 * town's root grid node; a town without a grid yet gets the articles only.
 */
export async function seedSampleArticles(ctx: AppContext, townId: string): Promise<SeedResult> {
  const nowMs = ctx.clock.nowMs();
  let articlesAdded = 0;
  // Publication times a minute apart, in list order, so the newest-first list is stable.
  for (const [i, sample] of SAMPLE_ARTICLES.entries()) {
    const publishedAt = chinaIso(nowMs - (SAMPLE_ARTICLES.length - i) * 60_000);
    const stored = await articleWriter.insert(
      ctx.store,
      sampleArticleRecord(townId, sample, publishedAt),
    );
    if (stored.ok) articlesAdded += 1;
  }
  const roots = await GRID_NODES.query(ctx.store, {
    where: { townId, level: 'town' },
    orderBy: { path: 'name', order: 'asc' },
    limit: 1,
  });
  const townNode = roots.docs[0];
  let lecturesAdded = 0;
  if (townNode !== undefined) {
    const today = chinaDate(nowMs);
    for (const [i, spec] of SAMPLE_LECTURES.entries()) {
      const day = chinaDate(Date.parse(`${today}T12:00:00+08:00`) + spec.inDays * 86_400_000);
      const now = ctx.clock.nowIso();
      const { _version: _drop, ...lecture } = lectureSchema.parse({
        _id: sampleLectureId(townId, i + 1),
        townId,
        createdAt: now,
        updatedAt: now,
        _version: 0,
        title: spec.title,
        speaker: spec.speaker,
        description: spec.description,
        startsAt: `${day}T${spec.from}:00.000+08:00`,
        endsAt: `${day}T${spec.to}:00.000+08:00`,
        place: spec.place,
        gridNodeId: townNode._id,
        capacity: spec.capacity,
        signedUp: 0,
        status: 'scheduled',
        sample: true,
      } satisfies Lecture);
      const stored = await lectureWriter.insert(ctx.store, lecture);
      if (stored.ok) lecturesAdded += 1;
    }
  }
  return { articlesAdded, lecturesAdded };
}
