using FunctionsPipeline.Core.Registry;

namespace FunctionsPipeline.Core.Summary;

public enum SelectionKind
{
    /// <summary><c>本级</c>: the 本级政府's own departments (政府部门 and 其他), without the townships.</summary>
    OwnLevel,

    /// <summary><c>all</c>: every registered body but the 本级政府: departments, townships (乡镇（街道）) and 其他.</summary>
    All,

    /// <summary>A region filter: bodies whose 机关名称 contains the text or whose 上传目录 starts with it.</summary>
    Filter,
}

/// <summary>
/// Which registered bodies a summary sums (<c>--bodies 本级|all|FILTER</c>). A body of type 本级政府 is never summed: it is
/// the one whose report the summary becomes.
/// </summary>
public sealed record BodySelection(SelectionKind Kind, string? Filter = null)
{
    public const string OwnLevelWord = "本级";
    public const string AllWord = "all";

    public static BodySelection All { get; } = new(SelectionKind.All);

    public static BodySelection OwnLevel { get; } = new(SelectionKind.OwnLevel);

    /// <summary><c>本级</c>, <c>all</c> (the default when blank), or any other text as a region filter.</summary>
    public static BodySelection Parse(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        return trimmed switch
        {
            "" or AllWord => All,
            OwnLevelWord => OwnLevel,
            _ => new BodySelection(SelectionKind.Filter, trimmed),
        };
    }

    public bool Matches(RegisteredBody body) => body.Type != BodyType.LocalGovernment && Kind switch
    {
        SelectionKind.OwnLevel => body.Type is BodyType.Department or BodyType.Other,
        SelectionKind.All => true,
        _ => body.Name.Contains(Filter!, StringComparison.Ordinal) || body.Folder.StartsWith(Filter!, StringComparison.Ordinal),
    };

    /// <summary>How the workbook and the messages name the selection.</summary>
    public string Chinese => Kind switch
    {
        SelectionKind.OwnLevel => "本级（政府部门及其他机关，不含乡镇（街道））",
        SelectionKind.All => "全部（政府部门、乡镇（街道）及其他机关）",
        _ => $"名称含“{Filter}”或上传目录以“{Filter}”开头的机关",
    };

    /// <summary>The words given on the command line.</summary>
    public override string ToString() => Kind switch
    {
        SelectionKind.OwnLevel => OwnLevelWord,
        SelectionKind.All => AllWord,
        _ => Filter!,
    };
}
