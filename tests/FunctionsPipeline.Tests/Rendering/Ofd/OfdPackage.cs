using System.Globalization;
using System.IO.Compression;
using System.Xml.Linq;

namespace FunctionsPipeline.Tests.Rendering.Ofd;

/// <summary>An OFD package read back: its zip entries by exact path, and its XML parts parsed.</summary>
internal sealed class OfdPackage
{
    public static readonly XNamespace OfdNs = "http://www.ofdspec.org/2016";

    public OfdPackage(byte[] bytes)
    {
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        foreach (var entry in zip.Entries)
        {
            using var stream = entry.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            if (!Entries.TryAdd(entry.FullName, copy.ToArray())) throw new InvalidOperationException($"duplicate entry {entry.FullName}");
            EntryNames.Add(entry.FullName);
        }
    }

    /// <summary>Entries by their exact (case-sensitive) path.</summary>
    public Dictionary<string, byte[]> Entries { get; } = new(StringComparer.Ordinal);

    public List<string> EntryNames { get; } = [];

    public IEnumerable<string> XmlParts => Entries.Keys.Where(k => k.EndsWith(".xml", StringComparison.Ordinal));

    public XDocument Xml(string path) => XDocument.Load(new MemoryStream(Entries.TryGetValue(path, out var bytes) ? bytes : throw new KeyNotFoundException($"no entry '{path}' (case-exact)")));

    public XDocument Root => Xml("OFD.xml");

    public string DocumentPath => Root.Descendants(OfdNs + "DocRoot").Single().Value;

    public XDocument Document => Xml(DocumentPath);

    /// <summary>Resolves a location relative to the folder of <paramref name="from"/> (a leading '/' means the package root).</summary>
    public static string Resolve(string from, string location)
    {
        if (location.StartsWith('/')) return location.TrimStart('/');
        var folder = from.Contains('/', StringComparison.Ordinal) ? from[..(from.LastIndexOf('/') + 1)] : "";
        return folder + location;
    }

    /// <summary>The Content.xml path of each page, in page order.</summary>
    public IReadOnlyList<string> PagePaths => Document.Descendants(OfdNs + "Page").Select(p => Resolve(DocumentPath, p.Attribute("BaseLoc")!.Value)).ToList();

    public string PublicResPath => Resolve(DocumentPath, Document.Descendants(OfdNs + "PublicRes").Single().Value);

    /// <summary>Embedded font files by font ID.</summary>
    public Dictionary<string, (XElement Font, string Path)> Fonts
    {
        get
        {
            var res = Xml(PublicResPath);
            var baseLoc = res.Root!.Attribute("BaseLoc")?.Value;
            var folder = baseLoc is null ? PublicResPath : Resolve(PublicResPath, baseLoc.TrimEnd('/') + "/");
            return res.Descendants(OfdNs + "Font").ToDictionary(
                f => f.Attribute("ID")!.Value,
                f => (f, Resolve(folder, f.Element(OfdNs + "FontFile")!.Value)));
        }
    }

    /// <summary>Every glyph drawn on a page: the character and its origin in millimetres from the top left.</summary>
    public IReadOnlyList<(string Font, int CodePoint, double X, double Y)> Glyphs(string pagePath)
    {
        var glyphs = new List<(string, int, double, double)>();
        foreach (var text in Xml(pagePath).Descendants(OfdNs + "TextObject"))
        {
            var boundary = Numbers(text.Attribute("Boundary")!.Value);
            foreach (var code in text.Elements(OfdNs + "TextCode"))
            {
                var runes = code.Value.EnumerateRunes().ToList();
                var deltas = DeltaX(code.Attribute("DeltaX")?.Value ?? "");
                if (deltas.Count != Math.Max(0, runes.Count - 1))
                    throw new InvalidOperationException($"{pagePath}: DeltaX has {deltas.Count} values for {runes.Count} glyphs in '{code.Value}'");
                var x = boundary[0] + Number(code.Attribute("X")!.Value);
                var y = boundary[1] + Number(code.Attribute("Y")!.Value);
                for (var i = 0; i < runes.Count; i++)
                {
                    glyphs.Add((text.Attribute("Font")!.Value, runes[i].Value, x, y));
                    if (i < deltas.Count) x += deltas[i];
                }
            }
        }
        return glyphs;
    }

    /// <summary>The text of a page in drawing order.</summary>
    public string PageText(string pagePath) => string.Concat(Xml(pagePath).Descendants(OfdNs + "TextCode").Select(c => c.Value));

    /// <summary>DeltaX values, with "g N d" (N times d) expanded.</summary>
    public static List<double> DeltaX(string value)
    {
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var deltas = new List<double>();
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i] == "g")
            {
                var count = int.Parse(parts[i + 1], CultureInfo.InvariantCulture);
                deltas.AddRange(Enumerable.Repeat(Number(parts[i + 2]), count));
                i += 2;
            }
            else
            {
                deltas.Add(Number(parts[i]));
            }
        }
        return deltas;
    }

    public static double Number(string value) => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);

    public static double[] Numbers(string value) => value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Number).ToArray();
}
