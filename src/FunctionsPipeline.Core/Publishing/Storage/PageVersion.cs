using System.Globalization;

namespace FunctionsPipeline.Core.Publishing.Storage;

/// <summary>
/// What a stored page was built from: the generation of its record and the version of its page kind's template
/// (each page class's <c>TemplateVersion</c>). Ordered by generation, then template: a page is rewritten when its
/// record moved on, or at the same generation when a release changed its template. A newer template never replaces a
/// newer record's page: that would put back stale rows; the newer template follows at the next write.
/// </summary>
internal readonly record struct PageVersion(long Generation, int Template) : IComparable<PageVersion>
{
    internal const string GenerationMetadata = "generation";
    internal const string TemplateMetadata = "template";

    /// <summary>A page that is missing or was not built from a record (and a record's entry in <see cref="LastSeen"/>).</summary>
    public static PageVersion None { get; } = new(-1, 0);

    public int CompareTo(PageVersion other) =>
        Generation != other.Generation ? Generation.CompareTo(other.Generation) : Template.CompareTo(other.Template);

    public static bool operator <(PageVersion a, PageVersion b) => a.CompareTo(b) < 0;
    public static bool operator >(PageVersion a, PageVersion b) => a.CompareTo(b) > 0;
    public static bool operator <=(PageVersion a, PageVersion b) => a.CompareTo(b) <= 0;
    public static bool operator >=(PageVersion a, PageVersion b) => a.CompareTo(b) >= 0;

    public bool IsPage => Generation >= 0;

    /// <summary>From a blob's metadata; a page written before templates were versioned counts as template 0.</summary>
    public static PageVersion From(IDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue(GenerationMetadata, out var g) || !long.TryParse(g, CultureInfo.InvariantCulture, out var generation)) return None;
        var template = metadata.TryGetValue(TemplateMetadata, out var t) && int.TryParse(t, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
        return new(generation, template);
    }

    public void WriteTo(IDictionary<string, string> metadata)
    {
        metadata[GenerationMetadata] = Generation.ToString(CultureInfo.InvariantCulture);
        metadata[TemplateMetadata] = Template.ToString(CultureInfo.InvariantCulture);
    }
}
