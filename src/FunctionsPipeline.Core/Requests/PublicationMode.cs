namespace FunctionsPipeline.Core.Requests;

/// <summary><c>Pipeline:Publication</c>: whether a valid upload goes to the site at once or waits for a reviewer (审核).</summary>
public enum PublicationMode
{
    /// <summary>Today's behaviour: a valid upload is published at once.</summary>
    Automatic,

    /// <summary>A valid upload is rendered into <c>previews</c> and published only on an approval blob (公开前审查).</summary>
    ReviewRequired,
}
