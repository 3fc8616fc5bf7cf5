namespace FunctionsPipeline.Core.Model;

/// <summary>
/// The nationally fixed format (国办公开办函〔2021〕30号): section headings, table rows and
/// columns with their official labels. Template writer, parser, validator and renderers all
/// read the labels from here, so there is exactly one copy of them.
/// </summary>
public static class NationalFormat
{
    public const string TitleSuffix = "年政府信息公开工作年度报告";

    public static string Title(string body, int year) => $"{body}{year}{TitleSuffix}";

    public const string Section1 = "一、总体情况";
    public const string Section2 = "二、主动公开政府信息情况";
    public const string Section3 = "三、收到和处理政府信息公开申请情况";
    public const string Section4 = "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况";
    public const string Section5 = "五、存在的主要问题及改进情况";
    public const string Section6 = "六、其他需要报告的事项";

    public static readonly IReadOnlyList<string> SectionHeadings =
        [Section1, Section2, Section3, Section4, Section5, Section6];

    /// <summary>Labels of the basic information and prose fields (label/value pairs in the workbook).</summary>
    public static class Labels
    {
        public const string Body = "机关名称";
        public const string Year = "报告年度";
        public const string Address = "联系地址";
        public const string Postcode = "邮政编码";
        public const string Phone = "联系电话";
        public const string Website = "网站";
        /// <summary>Not part of the national format: an optional field for the catalogue's 索引号 (older workbooks lack it).</summary>
        public const string CreditCode = "统一社会信用代码";
        public const string Preface = "前言";
        public const string Overview = Section1;
        public const string Problems = Section5;
        public const string Other = Section6;
    }

    // ---- Table A (section 二) -------------------------------------------------------------

    public const string TableAItemHeader = "信息内容";
    public const string TableABlock1 = "第二十条第（一）项";
    public const string TableABlock5 = "第二十条第（五）项";
    public const string TableABlock6 = "第二十条第（六）项";
    public const string TableABlock8 = "第二十条第（八）项";
    public const string Issued = "本年制发件数";
    public const string Repealed = "本年废止件数";
    public const string InForce = "现行有效件数";
    public const string Decisions = "本年处理决定数量";
    public const string FeeAmount = "本年收费金额（单位：万元）";
    public const string Rules = "规章";
    public const string NormativeDocuments = "行政规范性文件";
    public const string Licensing = "行政许可";
    public const string Penalty = "行政处罚";
    public const string Enforcement = "行政强制";
    public const string Fees = "行政事业性收费";

    // ---- Table B (section 三) -------------------------------------------------------------

    public const string TableBCorner = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";
    public const string ApplicantHeader = "申请人情况";
    public const string LegalPersonsHeader = "法人或其他组织";
    public const string ResultsGroup = "三、本年度办理结果";

    public static readonly IReadOnlyList<ApplicantColumnInfo> ApplicantColumns =
    [
        new(ApplicantColumn.NaturalPerson, "自然人", false),
        new(ApplicantColumn.Commercial, "商业企业", true),
        new(ApplicantColumn.Research, "科研机构", true),
        new(ApplicantColumn.PublicWelfare, "社会公益组织", true),
        new(ApplicantColumn.LegalService, "法律服务机构", true),
        new(ApplicantColumn.OtherOrganisation, "其他", true),
        new(ApplicantColumn.Total, "总计", false),
    ];

    /// <summary>The 25 rows of table B in official order. Group: the （三）…（六） block a numbered row sits in.</summary>
    public static readonly IReadOnlyList<TableBRowInfo> TableBRows =
    [
        new(TableBRow.NewlyReceived, "一、本年新收政府信息公开申请数量", null, TableBRowKind.Top),
        new(TableBRow.CarriedOver, "二、上年结转政府信息公开申请数量", null, TableBRowKind.Top),
        new(TableBRow.Granted, "（一）予以公开", null, TableBRowKind.Result),
        new(TableBRow.PartiallyGranted, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", null, TableBRowKind.Result),
        new(TableBRow.WithheldStateSecret, "1.属于国家秘密", "（三）不予公开", TableBRowKind.Result),
        new(TableBRow.WithheldProhibitedByLaw, "2.其他法律行政法规禁止公开", "（三）不予公开", TableBRowKind.Result),
        new(TableBRow.WithheldThreeSecurities, "3.危及“三安全一稳定”", "（三）不予公开", TableBRowKind.Result),
        new(TableBRow.WithheldThirdParty, "4.保护第三方合法权益", "（三）不予公开", TableBRowKind.Result),
        new(TableBRow.WithheldInternalAffairs, "5.属于三类内部事务信息", "（三）不予公开", TableBRowKind.Result),
        new(TableBRow.WithheldProcessInformation, "6.属于四类过程性信息", "（三）不予公开", TableBRowKind.Result),
        new(TableBRow.WithheldEnforcementFiles, "7.属于行政执法案卷", "（三）不予公开", TableBRowKind.Result),
        new(TableBRow.WithheldQueryMatters, "8.属于行政查询事项", "（三）不予公开", TableBRowKind.Result),
        new(TableBRow.UnableNotHeld, "1.本机关不掌握相关政府信息", "（四）无法提供", TableBRowKind.Result),
        new(TableBRow.UnableNeedsCreation, "2.没有现成信息需要另行制作", "（四）无法提供", TableBRowKind.Result),
        new(TableBRow.UnableStillUnclear, "3.补正后申请内容仍不明确", "（四）无法提供", TableBRowKind.Result),
        new(TableBRow.NotProcessedPetition, "1.信访举报投诉类申请", "（五）不予处理", TableBRowKind.Result),
        new(TableBRow.NotProcessedRepeated, "2.重复申请", "（五）不予处理", TableBRowKind.Result),
        new(TableBRow.NotProcessedPublications, "3.要求提供公开出版物", "（五）不予处理", TableBRowKind.Result),
        new(TableBRow.NotProcessedMassRepeated, "4.无正当理由大量反复申请", "（五）不予处理", TableBRowKind.Result),
        new(TableBRow.NotProcessedConfirmation, "5.要求行政机关确认或重新出具已获取信息", "（五）不予处理", TableBRowKind.Result),
        new(TableBRow.OtherNoCorrection, "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "（六）其他处理", TableBRowKind.Result),
        new(TableBRow.OtherUnpaidFee, "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "（六）其他处理", TableBRowKind.Result),
        new(TableBRow.OtherOther, "3.其他", "（六）其他处理", TableBRowKind.Result),
        new(TableBRow.ResultsTotal, "（七）总计", null, TableBRowKind.ResultsTotal),
        new(TableBRow.CarriedForward, "四、结转下年度继续办理", null, TableBRowKind.Top),
    ];

    /// <summary>The six result groups of table B in order, with the rows each holds (for row spans).</summary>
    public static readonly IReadOnlyList<string> TableBGroups =
        ["（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理"];

    // ---- Table C (section 四) -------------------------------------------------------------

    public const string AdministrativeReviewHeader = "行政复议";
    public const string LitigationHeader = "行政诉讼";
    public const string LitigationDirectHeader = "未经复议直接起诉";
    public const string LitigationAfterReviewHeader = "复议后起诉";

    public static readonly IReadOnlyList<string> ReviewOutcomeLabels = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];

    public static readonly IReadOnlyList<ReviewGroupInfo> ReviewGroups =
    [
        new(ReviewGroup.AdministrativeReview, AdministrativeReviewHeader),
        new(ReviewGroup.LitigationWithoutReview, LitigationDirectHeader),
        new(ReviewGroup.LitigationAfterReview, LitigationAfterReviewHeader),
    ];

    /// <summary>Column headers of the superseded 2019 trial format: seeing them means the wrong template.</summary>
    public static readonly IReadOnlyList<string> TrialFormat2019Markers = ["本年新制作数量", "本年新公开数量", "对外公开总数量"];
}

public enum ApplicantColumn { NaturalPerson, Commercial, Research, PublicWelfare, LegalService, OtherOrganisation, Total }

public sealed record ApplicantColumnInfo(ApplicantColumn Column, string Label, bool IsLegalPerson);

public enum TableBRowKind { Top, Result, ResultsTotal }

public enum TableBRow
{
    NewlyReceived, CarriedOver,
    Granted, PartiallyGranted,
    WithheldStateSecret, WithheldProhibitedByLaw, WithheldThreeSecurities, WithheldThirdParty,
    WithheldInternalAffairs, WithheldProcessInformation, WithheldEnforcementFiles, WithheldQueryMatters,
    UnableNotHeld, UnableNeedsCreation, UnableStillUnclear,
    NotProcessedPetition, NotProcessedRepeated, NotProcessedPublications, NotProcessedMassRepeated, NotProcessedConfirmation,
    OtherNoCorrection, OtherUnpaidFee, OtherOther,
    ResultsTotal,
    CarriedForward,
}

public sealed record TableBRowInfo(TableBRow Row, string Label, string? Group, TableBRowKind Kind);

public enum ReviewGroup { AdministrativeReview, LitigationWithoutReview, LitigationAfterReview }

public enum ReviewOutcome { Upheld, Corrected, Other, Pending, Total }

public sealed record ReviewGroupInfo(ReviewGroup Group, string Label);
