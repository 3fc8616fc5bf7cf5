namespace FunctionsPipeline.Core.Rendering.Layout;

/// <summary>
/// Pours a column of elements into pages: measure, draw what fits, continue on a new page.
/// Spacers are dropped at the top of a page; an element that keeps with the next moves to a
/// new page when the next element could not start below it; an element kept together moves to
/// a new page instead of splitting when it fits there whole, with the headings that keep with it,
/// unless that would leave the page less than a third full (<see cref="NearEmpty"/>): then it
/// splits here by its own break rules, unless it is kept together strictly.
/// </summary>
public static class PageLoop
{
    /// <summary>A page filled less than this share of its content height is near empty.</summary>
    public const double NearEmptyFill = 1.0 / 3;

    public static void Run(PageRecorder canvas, IReadOnlyList<Element> elements)
    {
        var setup = canvas.Setup;
        var width = setup.ContentWidth;
        var pageHeight = setup.ContentBottom - setup.MarginTop;
        var y = setup.MarginTop;
        var pageIsEmpty = true;
        double keptAbove = 0;   // height of the headings (and spacers after them) just drawn, which would move with the next element
        var i = 0;
        while (i < elements.Count)
        {
            var element = elements[i];
            if (element is Spacer && pageIsEmpty)
            {
                i++;
                continue;
            }
            var available = setup.ContentBottom - y;
            // What the page would hold if this element moved on, with the headings kept with it.
            var nearEmpty = NearEmpty(y - setup.MarginTop - keptAbove, pageHeight);
            var plan = Plan(element, width, available, pageHeight - keptAbove, nearEmpty);
            if (plan.Kind != SpacePlanKind.Wrap && element.KeepWithNext && !pageIsEmpty
                && !NextStartsBelow(elements, i + 1, width, available - plan.Height, pageHeight - keptAbove - plan.Height, nearEmpty))
                plan = SpacePlan.Wrap;

            if (plan.Kind == SpacePlanKind.Wrap)
            {
                if (pageIsEmpty)
                {
                    if (element.RelaxKeeps()) continue;
                    throw new InvalidOperationException($"A {element.GetType().Name} does not fit on an empty page.");
                }
                canvas.NextPage();
                (y, pageIsEmpty, keptAbove) = (setup.MarginTop, true, 0);
                continue;
            }

            element.Draw(canvas, setup.MarginLeft, y, width, plan.Height);
            y += plan.Height;
            if (element is not Spacer) pageIsEmpty = false;
            keptAbove = element.KeepWithNext || (element is Spacer && keptAbove > 0) ? keptAbove + plan.Height : 0;
            if (plan.Kind == SpacePlanKind.Partial)
            {
                canvas.NextPage();
                (y, pageIsEmpty, keptAbove) = (setup.MarginTop, true, 0);
                continue;
            }
            i++;
        }
        canvas.Finish();
    }

    /// <summary>Whether a page holding <paramref name="filled"/> points of content (more than none) is less than a third full.</summary>
    public static bool NearEmpty(double filled, double pageHeight) => filled > 0.001 && filled < pageHeight * NearEmptyFill;

    /// <summary>
    /// The element's plan for this space, turned into Wrap when it is kept together, would split
    /// here, and fits whole in <paramref name="freshSpace"/>: what a new page leaves it below the
    /// headings that would move along with it. Not when moving would leave the page
    /// <paramref name="nearEmpty"/> and the element is not kept together strictly: then it splits here.
    /// </summary>
    private static SpacePlan Plan(Element element, double width, double available, double freshSpace, bool nearEmpty)
    {
        var plan = element.Measure(width, available);
        if (plan.Kind == SpacePlanKind.Partial && element.KeepTogether && (!nearEmpty || element.KeepTogetherStrictly)
            && available < freshSpace && element.Measure(width, freshSpace).Kind == SpacePlanKind.Full)
            return SpacePlan.Wrap;
        return plan;
    }

    /// <summary>Whether the first non-spacer element after <paramref name="index"/> can put something in the space left.</summary>
    private static bool NextStartsBelow(IReadOnlyList<Element> elements, int index, double width, double available, double freshSpace, bool nearEmpty)
    {
        for (var i = index; i < elements.Count; i++)
        {
            var plan = Plan(elements[i], width, available, freshSpace, nearEmpty);
            if (elements[i] is not Spacer) return plan.Kind != SpacePlanKind.Wrap;
            available -= plan.Height;
            freshSpace -= plan.Height;
        }
        return true;
    }
}
