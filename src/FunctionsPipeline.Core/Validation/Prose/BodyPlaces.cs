namespace FunctionsPipeline.Core.Validation.Prose;

/// <summary>
/// The places in a body's name, from its start: 山亭区西集镇人民政府 → 山亭区 (county level), 西集镇 (township);
/// 云岭县人民政府办公室 → 云岭县. A body name that does not start with a place (国家税务总局…) gives none, and
/// then no other government is reported: the rule stays silent rather than guess.
/// </summary>
internal sealed class BodyPlaces
{
    private enum Level { Province, City, County, Township }

    private readonly List<(string Name, Level Level)> _places = [];

    public BodyPlaces(string body)
    {
        Body = body;
        var at = 0;
        while (at < body.Length && NextPlace(body, at) is { } next)
        {
            _places.Add((body[at..next.End], next.Level));
            at = next.End;
        }
        // 山亭区城乡建设局: “城乡” is a word, not a township; a township is the body's own only in its government's name.
        if (_places.Count > 0 && _places[^1].Level == Level.Township
            && !body.AsSpan(at).StartsWith("人民政府", StringComparison.Ordinal) && !body.AsSpan(at).StartsWith("政府", StringComparison.Ordinal))
        {
            _places.RemoveAt(_places.Count - 1);
        }
    }

    public string Body { get; }

    public bool IsEmpty => _places.Count == 0;

    public IEnumerable<string> Names => _places.Select(p => p.Name);

    /// <summary>
    /// For the 人民政府 at <paramref name="at"/>: the name of the place before it when that is a place at a level
    /// the body's name shows and not the body's own (e.g. 台儿庄区 for a 山亭区 body); otherwise null.
    /// </summary>
    public string? Foreign(string text, int at)
    {
        if (at < 2 || LevelOf(text[at - 1]) is not { } level) return null;
        foreach (var (own, _) in _places)
        {
            if (at >= own.Length && string.CompareOrdinal(text, at - own.Length, own, 0, own.Length) == 0) return null;
        }
        if (!_places.Any(p => p.Level == level)) return null;
        // The name: back from the level character to a word that cannot be part of a place name.
        var start = at - 1;
        while (start > 0 && at - start < 8 && IsNameChar(text[start - 1])) start--;
        var name = text[start..at];
        if (name.Length < 2 || NotAName(name)) return null;
        // 鼓楼区 for a body 徐州市鼓楼区…: the same place written shorter or longer.
        if (_places.Any(p => p.Name.EndsWith(name, StringComparison.Ordinal) || name.EndsWith(p.Name, StringComparison.Ordinal))) return null;
        return name;
    }

    private static bool IsNameChar(char c) =>
        c is >= '\u4e00' and <= '\u9fff' && "在于与和及向对由经从到为的是了、本各该全我市县区镇乡省州旗".IndexOf(c) < 0;

    // 本县, 各镇, 乡镇, 市县区: general words, not a place's name.
    private static bool NotAName(string name) => name[0] is '本' or '各' or '该' or '全' or '乡' or '我' || name.Length < 2;

    private static Level? LevelOf(char c) => c switch
    {
        '省' => Level.Province,
        '市' or '州' or '盟' => Level.City,
        '区' or '县' or '旗' => Level.County,
        '镇' or '乡' => Level.Township,
        _ => null,
    };

    private static (int End, Level Level)? NextPlace(string body, int at)
    {
        // A place name is 1–6 characters before its level character.
        for (var end = at + 2; end <= Math.Min(body.Length, at + 7); end++)
        {
            if (LevelOf(body[end - 1]) is { } level)
            {
                // 人民政府 / 政府 / 办公室 … are not part of a place name.
                var name = body[at..(end - 1)];
                if (name.Contains("人民", StringComparison.Ordinal) || name.Contains("政府", StringComparison.Ordinal)) return null;
                // 徐州市: 州 is part of the name here.
                if (body[end - 1] == '州' && end < body.Length && body[end] == '市') return (end + 1, Level.City);
                return (end, level);
            }
        }
        return null;
    }
}
