namespace Aitbc.Orleans.Models;

/// <summary>The list of registered model ids. One instance, key "models".</summary>
[Alias("aitbc.IModelCatalogGrain")]
public interface IModelCatalogGrain : IGrainWithStringKey
{
    [Alias("Add")]
    Task Add(string modelId);

    [Alias("List")]
    Task<IReadOnlyList<string>> List();
}
