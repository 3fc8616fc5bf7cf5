using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("FunctionsPipeline.Tests")]
