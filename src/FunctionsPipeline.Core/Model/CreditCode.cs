namespace FunctionsPipeline.Core.Model;

/// <summary>
/// 统一社会信用代码 (GB 32100-2015): 18 characters from 0-9 and the capitals without I, O, Z, S, V; positions 3–8 are the
/// registering authority's 行政区划码 (digits); the 18th is a check character: with the characters' values Cᵢ
/// (0–9, A=10 … Y=30) and weights Wᵢ = 3^(i−1) mod 31, C₁₈ = 31 − (Σ Cᵢ·Wᵢ mod 31), and 31 is written 0.
/// (The 主体标识码 in positions 9–17 carries a check of its own under GB 11714; it is not checked here.)
/// </summary>
public static class CreditCode
{
    public const int Length = 18;

    /// <summary>The 31 characters of the code, in value order.</summary>
    public const string Charset = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    public enum Problem { None, Format, CheckCharacter }

    /// <summary>Whether <paramref name="code"/> is well formed and its check character right.</summary>
    public static Problem Check(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (code.Length != Length || code.Any(c => Charset.IndexOf(c, StringComparison.Ordinal) < 0)
            || code.AsSpan(2, 6).ContainsAnyExceptInRange('0', '9'))
        {
            return Problem.Format;
        }
        return code[Length - 1] == CheckCharacter(code) ? Problem.None : Problem.CheckCharacter;
    }

    public static bool IsValid(string code) => Check(code) == Problem.None;

    /// <summary>The check character the first 17 characters call for.</summary>
    public static char CheckCharacter(string code)
    {
        var sum = 0;
        for (var i = 0; i < Length - 1; i++) sum += Charset.IndexOf(code[i], StringComparison.Ordinal) * Weights[i];
        return Charset[(31 - sum % 31) % 31];
    }
}
