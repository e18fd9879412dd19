namespace Aitbc.Orleans.Miner;

public static class Program
{
    public static int Main() => 0;
}
