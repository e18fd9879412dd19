namespace Aitbc.Orleans.Trust;

/// <summary>
/// Who is on the other end of a connection or a call. Certificates carry it in their subject (OU); session tokens carry
/// it signed. Miners are strangers; gateways, operators and silos are the platform's own processes.
/// </summary>
[GenerateSerializer, Alias("aitbc.CallerKind")]
public enum CallerKind
{
    Miner = 1,
    Gateway = 2,
    Operator = 3,
    Silo = 4,
}
