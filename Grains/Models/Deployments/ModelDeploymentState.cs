using Aitbc.Orleans.Models.Deployments;

namespace Aitbc.Orleans.Models;

[GenerateSerializer, Alias("aitbc.ModelDeploymentState")]
public sealed class ModelDeploymentState
{
    [Id(0)] public ModelDeploymentView? View { get; set; }
}
