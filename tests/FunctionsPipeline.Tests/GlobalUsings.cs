global using FunctionsPipeline.Core.Uploads;
