namespace FunctionsPipeline.Core.Rendering.Layout;

/// <summary>Page size and margins in points (1 mm = 72 / 25.4 pt).</summary>
public sealed record PageSetup(double Width, double Height, double MarginTop, double MarginBottom, double MarginLeft, double MarginRight, double FooterBaseline)
{
    public const double PointsPerMillimetre = 72 / 25.4;

    /// <summary>A4 with margins close to the 公文 layout (GB/T 9704): 30 mm top, 28 mm bottom, 26 mm left and right.</summary>
    public static PageSetup A4 { get; } = new(
        210 * PointsPerMillimetre, 297 * PointsPerMillimetre,
        MarginTop: 30 * PointsPerMillimetre, MarginBottom: 28 * PointsPerMillimetre,
        MarginLeft: 26 * PointsPerMillimetre, MarginRight: 26 * PointsPerMillimetre,
        FooterBaseline: (297 - 14) * PointsPerMillimetre);

    public double ContentWidth => Width - MarginLeft - MarginRight;

    public double ContentBottom => Height - MarginBottom;
}
