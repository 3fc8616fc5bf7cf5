using FunctionsPipeline.Core.Pipeline;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using FunctionsPipeline.Core.Requests;
using FunctionsPipeline.Core.Hosting;

// The same wiring as the CLI and the tests: AddPipeline reads the PipelineStorage connection
// (connection string locally, blobServiceUri + managed identity in Azure), Pipeline, Publishing and Fonts sections.
var builder = FunctionsApplication.CreateBuilder(args);
// ASP.NET Core integration: the review console's HTTP trigger reads and writes the request as ASP.NET Core does.
builder.ConfigureFunctionsWebApplication();
builder.Services.AddPipeline(builder.Configuration);
builder.Build().Run();
