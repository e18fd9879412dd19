namespace Aitbc.Orleans.Miner.Daemon;

public sealed class MinerLocation
{
    public double Latitude { get; set; }

    public double Longitude { get; set; }
}
