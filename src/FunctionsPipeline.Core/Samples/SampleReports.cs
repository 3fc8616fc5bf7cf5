using FunctionsPipeline.Core.Model;

namespace FunctionsPipeline.Core.Samples;

/// <summary>
/// Two complete, valid reports used by tests, benchmarks, the demo and the sample workbooks.
/// <see cref="Seed"/> is a real published report transcribed from
/// shared/reference/xiji-2024-annual-report.txt; <see cref="County"/> is an invented, larger body
/// with non-zero tables whose totals are computed here so that R1–R4 hold.
/// </summary>
public static class SampleReports
{
    /// <summary>山亭区西集镇人民政府 2024年 report: all tables zero, fee 0.</summary>
    public static AnnualReport Seed { get; } = BuildSeed();

    /// <summary>An invented county office (云岭县人民政府办公室, 2024) with realistic, consistent figures.</summary>
    public static AnnualReport County { get; } = BuildCounty();

    // ---- Seed: 山亭区西集镇人民政府 ------------------------------------------------------------

    // The extracted text starts mid-preface; the preface below is reconstructed from its visible
    // remainder (download site and contact). PDF page breaks inside paragraphs are rejoined and the
    // spaces the extraction put between Chinese and digits are removed.
    private const string SeedPreface =
        "本报告电子版可在山亭区人民政府网站（http://www.shanting.gov.cn）下载。如对本报告有疑问，可与山亭区西集镇政府联系（地址：山亭区西集镇政府驻地，邮编：277200，电话：0632-8511104）。";

    private const string SeedOverview = """
        2024年，西集镇人民政府认真贯彻落实《中华人民共和国政府信息公开条例》和各级政府信息公开工作要求，严格按照信息公开流程和信息公开保密审核制度，围绕群众关心的热点难点问题，主动拓宽公开渠道和领域，不断增强政府信息公开实效，提高政府信息公开工作质量和水平，依法依规做好政府信息公开工作。
        （一）主动公开方面。今年以来，西集镇对标工作要求，深度挖掘公众号潜能，积极主动发布相关政府信息。聚焦重大项目、文明创建、法治与平安建设、安全生产等重点领域，累计刊发信息1000余条，将“西集微报”打造成群众获取资讯的前沿阵地，关注人数稳步攀升。值得一提的是，如今镇公众号运营高效，基本达成当日信息当日推送，确保群众第一时间知晓最新动态。
        （二）依申请公开方面。本年度没有收到政府信息公开的申请。政府信息公开行政复议、行政诉讼情况。2024年，因政府信息公开被申请行政复议0件，因公民、法人和其他组织认为行政机关政府信息公开工作具体行政行为侵犯其合法权益，提起行政诉讼0件。
        （三）政府信息管理方面。西集镇迅速行动，成立专项领导小组，根据职能职责细化分工责任，为政务公开及信息公开筑牢根基，保障落实到位。同时，常态化开展信息安全审查，严格依循《保密法》，严守公开前保密审查流程，明晰责任，力促全镇信息公开工作迈向规范化、标准化，做到信息发布合法、及时、精准。
        （四）平台建设方面。一是健全机制促规范。将政务公开视为重点工作，全方位细化体系制度、精简目录流程、强化考核考评，大力提升规范化程度。精心梳理出依申请公开流程图，并于政务大厅醒目展示，附上填写模板，切实为群众查询办事开辟便捷通道。二是拓宽信息增实效。聚焦持续强化政务服务能力，严格规范受理、办理及补齐补正资料等各环节，深度加大办理流程、所需材料等关键信息公开力度，坚决落实“一次性告知”原则，以“数据跑路”取代“群众跑腿”，助推政务服务迈向新高度，赋能经济社会高质量发展。三是突出重点惠民生。直击企业与群众办事痛点，依托政府开放日，广邀人大代表、政协委员、各界群众代表走进便民服务大厅，开展“亲身办”“沉浸式”体验，让办事流程、效率、满意度全方位升级，真正惠及民生。
        （五）监督保障方面。一是成立了以镇主要领导为组长，分管政务公开工作的领导为副组长，各有关职能部门负责人为成员的领导小组，提供坚强组织保障。二是始终秉持“便民服务、高效运作、规范行政、廉洁办事”的服务宗旨。三是持续发力优化服务设施，全方位提升服务效能，切实提高行政效率，力求将便民服务中心塑造为展现全镇干部优良作风的前沿窗口。四是全力打造“亭好办·好帮办”政务服务帮办品牌，实现帮办代办全域覆盖，开展“政府开放日”活动，吸引100余名群众参与，广受赞誉。
        """;

    private const string SeedProblems = """
        （一）2023年度存在问题改进情况。
        一是存在的问题：以文辅政能力不足，主动参与意识有待增强；主动工作、超前工作意识还不强，工作前瞻性不够，创新工作的能力欠缺。
        二是改进情况：做好政务公开信息的报送。明确文秘档案岗作为政务公开信息的责任部门，负责政务公开信息的整理、概括和报送工作，确保完成信息报送工作。强化服务意识，转变工作作风，督促有关部门主动公开政务，进一步健全和完善行政审批运行制度，加大政务信息工作的透明度。
        （二）2024年度存在的主要问题及下步改进措施。
        2024年，政府信息公开工作取得一定成绩，但与上级要求和群众期盼相比，仍存在一些问题和不足：虽然政府信息公开有成绩，但距上级、群众期望远远不够。一方面，信息更新的及时性欠佳，部分政策发布滞后，难让群众第一时间掌握动态；另一方面，公开形式仍较单一，以文字居多，缺乏生动解读，群众理解费劲，后续亟需优化改进。
        针对以上问题，下步将采取以下措施进行重点改进：
        一是建立信息快速审核与发布机制，安排专人负责，确保政策出台后24小时内发布，保障及时性。
        二是拓展公开形式，融入图片、漫画、短视频，以可视化政策解读作品，助力群众理解。
        三是定期收集群众反馈，依法反馈优化信息，开展信息公开优化评估，持续提升质量。
        """;

    private const string SeedOther = """
        （一）本单位收取政府信息公开信息处理费情况。
        2024年度，本单位向申请人收取信息处理费为0。
        （二）本单位落实上级年度政务公开工作要点情况。
        根据政务公开工作要点要求做好政务公开工作，并加大日常工作指导和调度，目前各项工作已落实到位。
        （三）本单位人大代表建议和政协提案办理结果公开情况。
        2024年，我单位未承办建议提案。
        （四）本单位在政务公开制度、内容、形式和平台建设方面的创新实践情况。
        以微信公众号为核心依托平台，全力打造一支专业、高效的政务信息发布团队。在惠民政策的宣传推广上，以通俗易懂的语言、贴近生活的案例，对各项惠民政策措施进行全方位、深层次的解读，确保老百姓一眼就能看明白政策的核心要点、受益范围以及申请流程等关键信息，真正打通政策落地的“最后一公里”，让惠民政策实实在在惠及每一位民众。
        """;

    private static AnnualReport BuildSeed()
    {
        var zeroReview = new ReviewCounts(0, 0, 0, 0, 0);
        return new AnnualReport(
            Body: "山亭区西集镇人民政府",
            Year: 2024,
            Contact: new ContactDetails("山亭区西集镇政府驻地", "277200", "0632-8511104", "http://www.shanting.gov.cn"),
            Preface: ProseSection.FromText(SeedPreface),
            Overview: ProseSection.FromText(SeedOverview),
            ActiveDisclosure: new TableA(new DocumentCounts(0, 0, 0), new DocumentCounts(0, 0, 0), 0, 0, 0, 0m),
            Applications: TableB.Create((_, _) => 0),
            ReviewsAndLitigation: new TableC(zeroReview, zeroReview, zeroReview),
            Problems: ProseSection.FromText(SeedProblems),
            OtherMatters: ProseSection.FromText(SeedOther));
    }

    // ---- County: an invented 云岭县人民政府办公室 ---------------------------------------------------

    private static TableB BuildCountyTableB()
    {
        // Entered figures per applicant column: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他.
        // Row totals, （七）总计 and 一、本年新收 are computed below so that R1–R3 hold exactly.
        // (A local, not a static field: static initialisers run in textual order, after Seed/County.)
        var entered = new Dictionary<TableBRow, int[]>
        {
            [TableBRow.CarriedOver] = [7, 1, 0, 0, 1, 0],
            [TableBRow.Granted] = [38, 6, 1, 0, 2, 1],
            [TableBRow.PartiallyGranted] = [5, 1, 0, 0, 1, 0],
            [TableBRow.WithheldStateSecret] = [1, 0, 0, 0, 0, 0],
            [TableBRow.WithheldProhibitedByLaw] = [0, 0, 0, 0, 0, 0],
            [TableBRow.WithheldThreeSecurities] = [1, 0, 0, 0, 0, 0],
            [TableBRow.WithheldThirdParty] = [2, 1, 0, 0, 0, 0],
            [TableBRow.WithheldInternalAffairs] = [1, 0, 0, 0, 0, 0],
            [TableBRow.WithheldProcessInformation] = [3, 0, 0, 0, 1, 0],
            [TableBRow.WithheldEnforcementFiles] = [2, 0, 0, 0, 0, 0],
            [TableBRow.WithheldQueryMatters] = [4, 0, 0, 0, 0, 0],
            [TableBRow.UnableNotHeld] = [21, 3, 0, 1, 2, 0],
            [TableBRow.UnableNeedsCreation] = [3, 1, 0, 0, 0, 0],
            [TableBRow.UnableStillUnclear] = [2, 0, 0, 0, 0, 0],
            [TableBRow.NotProcessedPetition] = [6, 0, 0, 0, 0, 0],
            [TableBRow.NotProcessedRepeated] = [3, 0, 0, 0, 0, 0],
            [TableBRow.NotProcessedPublications] = [1, 0, 0, 0, 0, 0],
            [TableBRow.NotProcessedMassRepeated] = [2, 0, 0, 0, 0, 0],
            [TableBRow.NotProcessedConfirmation] = [1, 0, 0, 0, 0, 0],
            [TableBRow.OtherNoCorrection] = [4, 0, 0, 0, 0, 0],
            [TableBRow.OtherUnpaidFee] = [1, 0, 0, 0, 0, 0],
            [TableBRow.OtherOther] = [2, 1, 0, 0, 0, 0],
            [TableBRow.CarriedForward] = [9, 2, 0, 0, 0, 1],
        };

        var applicantColumns = Enum.GetValues<ApplicantColumn>().Where(c => c != ApplicantColumn.Total).ToArray();
        var resultRows = NationalFormat.TableBRows.Where(r => r.Kind == TableBRowKind.Result).Select(r => r.Row).ToArray();

        int Entered(TableBRow row, ApplicantColumn column) => entered[row][(int)column];
        int ResultsTotal(ApplicantColumn column) => resultRows.Sum(row => Entered(row, column));
        // R1: 一 + 二 = 三（七） + 四, so 一 = 三（七） + 四 − 二.
        int NewlyReceived(ApplicantColumn column) =>
            ResultsTotal(column) + Entered(TableBRow.CarriedForward, column) - Entered(TableBRow.CarriedOver, column);

        int Value(TableBRow row, ApplicantColumn column) => row switch
        {
            TableBRow.NewlyReceived => NewlyReceived(column),
            TableBRow.ResultsTotal => ResultsTotal(column),
            _ => Entered(row, column),
        };

        // R3: 总计 = 自然人 + the five 法人或其他组织 columns.
        return TableB.Create((row, column) => column == ApplicantColumn.Total
            ? applicantColumns.Sum(c => Value(row, c))
            : Value(row, column));
    }

    // R4: 总计 = 维持 + 纠正 + 其他 + 尚未审结.
    private static ReviewCounts Review(int upheld, int corrected, int other, int pending) =>
        new(upheld, corrected, other, pending, upheld + corrected + other + pending);

    private const string CountyPreface =
        "本报告依据《中华人民共和国政府信息公开条例》第五十条和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求编制，由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议及行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项六部分组成。本报告所列数据统计期限自2024年1月1日起至2024年12月31日止。\n" +
        "本报告电子版可在云岭县人民政府门户网站（https://www.yunling.example）下载。如对本报告有疑问，请与云岭县人民政府办公室联系（地址：云岭县行政中心1号楼305室，邮编：999001，电话：0123-4567890）。";

    private const string CountyOverview = """
        2024年，云岭县人民政府办公室坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》和上级政务公开工作要点，围绕县委、县政府中心工作和群众关切，持续深化决策、执行、管理、服务、结果公开，以公开促落实、促规范、促服务，政务公开工作质量稳步提升。
        （一）主动公开
        全年通过县政府门户网站主动公开政府信息4216条，其中政策文件186条、政策解读97条、财政预决算信息312条、重大建设项目信息164条、公共资源配置信息538条。制发行政规范性文件12件，废止5件，现行有效86件，全部在门户网站规范性文件专栏集中公开并标注效力状态。围绕乡村振兴、义务教育、医疗保障、就业创业等民生领域，通过图文、短视频、在线访谈等形式开展政策解读，“政策问答”栏目累计回复群众留言1130条。
        （二）依申请公开
        全年新收政府信息公开申请128件，上年结转9件，办结125件，结转下年度继续办理12件。严格执行登记、审核、办理、答复、归档全流程管理，依法在法定期限内答复，答复告知书统一规范格式，明确告知申请人救济途径。全年因政府信息公开被申请行政复议7件、提起行政诉讼6件，均认真应诉并举一反三改进工作。
        （三）政府信息管理
        动态更新政府信息公开指南和目录，完成2023年以前发布的规范性文件集中清理，对失效、废止文件逐件标注。严格落实公开前保密审查和“三审三校”制度，全年审查拟公开信息4300余条，未发生失密泄密和不当公开事件。
        （四）平台建设
        完成县政府门户网站集约化迁移和适老化、无障碍改造，优化智能搜索和政策文件库功能。政务新媒体矩阵实行统一备案、统一管理，全年关停整合“僵尸”账号3个。县政务服务中心设立政务公开专区，提供政府公报、政策文件查阅和依申请公开受理服务。
        （五）监督保障
        调整充实县政务公开工作领导小组，将政务公开纳入县直部门和乡镇年度绩效考核，权重不低于4%。组织政务公开业务培训2期，培训工作人员260余人次。开展网站和政务新媒体季度检查，通报问题38个，已全部整改到位。
        """;

    private const string CountyProblems = """
        （一）2023年度问题改进情况
        针对2023年度报告中指出的部分乡镇和部门公开信息更新不及时、政策解读形式单一等问题，县政府办公室建立政务公开栏目月度巡查机制，按月通报更新情况；推行政策文件与解读材料同步组织、同步审签、同步发布，全年以图解、短视频等形式解读政策47件，占解读总数的48%。
        （二）2024年度存在的主要问题
        一是基层政务公开标准化、规范化水平仍不均衡，个别乡镇公开目录颗粒度不细、事项要素不全。二是依申请公开办理中，部分承办部门对“无法提供”“不予处理”等情形的法律适用把握不准，答复说理不够充分。三是政策解读的针对性和可读性有待加强，与群众互动回应还不够及时。
        （三）下步改进措施
        一是以乡镇和重点领域为抓手，对照基层政务公开标准目录逐项核对，年内完成公开目录动态调整。二是编制依申请公开答复文书范本和典型案例汇编，对承办人员开展专题培训，提高答复规范性。三是完善政策发布、解读、回应联动机制，对群众留言实行限时办结、结果公开。
        """;

    private const string CountyOther = """
        （一）收取信息处理费情况
        依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），2024年度本机关向1名申请人收取信息处理费1笔，合计0.0125万元。
        （二）建议提案办理结果公开情况
        2024年，县政府系统共承办县人大代表建议82件、县政协提案116件，均已按期办结，办结率100%，对涉及公共利益、公众权益的建议提案答复全文依法公开。
        （三）政务公开工作要点落实情况
        对照年度政务公开工作要点，逐项分解任务、明确责任单位和完成时限，各项任务均已落实。
        （四）创新实践情况
        在县政务服务中心和各乡镇便民服务中心开设“政策找人”服务窗口，依托惠企惠民政策库，向符合条件的企业和群众精准推送政策信息1.2万条次，推动政策由“人找政策”向“政策找人”转变。
        """;

    private static AnnualReport BuildCounty() =>
        new(
            Body: "云岭县人民政府办公室",
            Year: 2024,
            Contact: new ContactDetails("云岭县行政中心1号楼305室", "999001", "0123-4567890", "https://www.yunling.example"),
            Preface: ProseSection.FromText(CountyPreface),
            Overview: ProseSection.FromText(CountyOverview),
            ActiveDisclosure: new TableA(
                Rules: new DocumentCounts(0, 0, 0),
                NormativeDocuments: new DocumentCounts(12, 5, 86),
                LicensingDecisions: 3562,
                PenaltyDecisions: 1284,
                EnforcementDecisions: 57,
                FeesTenThousandYuan: 0.0125m),
            Applications: BuildCountyTableB(),
            ReviewsAndLitigation: new TableC(Review(3, 1, 1, 2), Review(2, 0, 1, 1), Review(1, 0, 0, 1)),
            Problems: ProseSection.FromText(CountyProblems),
            OtherMatters: ProseSection.FromText(CountyOther))
        {
            // Invented like the body (region 539999 does not exist); the check character is right. The Seed, a real body,
            // carries none: its report does not print one and we do not make one up.
            CreditCode = "11539999MB12345672",
        };
}
