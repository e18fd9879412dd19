namespace Aitbc.Orleans.Access;

[GenerateSerializer, Alias("aitbc.ApiKeyState")]
public sealed class ApiKeyState
{
    [Id(0)] public ApiKeyRecord? Record { get; set; }
}
