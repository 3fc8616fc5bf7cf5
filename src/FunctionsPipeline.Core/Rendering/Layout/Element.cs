namespace FunctionsPipeline.Core.Rendering.Layout;

public enum SpacePlanKind
{
    /// <summary>Nothing fits here: try again on a fresh page.</summary>
    Wrap,

    /// <summary>Part fits (<see cref="SpacePlan.Height"/> of it); the rest continues on the next page.</summary>
    Partial,

    /// <summary>Everything left fits in <see cref="SpacePlan.Height"/>.</summary>
    Full,
}

public readonly record struct SpacePlan(SpacePlanKind Kind, double Height)
{
    public static SpacePlan Wrap => new(SpacePlanKind.Wrap, 0);

    public static SpacePlan Partial(double height) => new(SpacePlanKind.Partial, height);

    public static SpacePlan Full(double height) => new(SpacePlanKind.Full, height);
}

/// <summary>
/// A layout element in the QuestPDF shape: <see cref="Measure"/> says how much of what is left
/// fits in the space offered (without changing anything); <see cref="Draw"/> paints exactly that
/// and remembers where it stopped, so the page loop can continue it on the next page.
/// </summary>
public abstract class Element
{
    /// <summary>True for headings: the page loop never leaves this element alone at the foot of a page.</summary>
    public virtual bool KeepWithNext => false;

    /// <summary>True while nothing of the element is drawn and it wants to stay whole: the page loop starts it on the next page when it fits there whole.</summary>
    public virtual bool KeepTogether => false;

    /// <summary>
    /// True when the element stays whole (<see cref="KeepTogether"/>) even if moving it leaves the page before
    /// less than a third full; otherwise a kept-together element splits rather than leave such a page.
    /// </summary>
    public virtual bool KeepTogetherStrictly => false;

    /// <summary>
    /// Called when nothing of the element fits on an empty page: drop the keep rules for its next
    /// part (a bad break beats no page at all). False when there is nothing to drop.
    /// </summary>
    public virtual bool RelaxKeeps() => false;

    public abstract SpacePlan Measure(double width, double availableHeight);

    /// <summary>Draws what <see cref="Measure"/> promised for this width and height, at (x, top).</summary>
    public abstract void Draw(PageRecorder canvas, double x, double top, double width, double availableHeight);
}

/// <summary>Vertical space between blocks; dropped at the top of a page.</summary>
public sealed class Spacer(double height) : Element
{
    public double Height { get; } = height;

    public override SpacePlan Measure(double width, double availableHeight) =>
        Height <= availableHeight ? SpacePlan.Full(Height) : SpacePlan.Full(availableHeight);

    public override void Draw(PageRecorder canvas, double x, double top, double width, double availableHeight)
    {
    }
}
