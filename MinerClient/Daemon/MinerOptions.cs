namespace Aitbc.Orleans.Miner.Daemon;

/// <summary>
/// The daemon's settings. Keys are read from the root of the configuration, so the installer's miner.json
/// (`coordinator`, `location`, `priceFloor`, `powerBudgetW`, `identityKeyPath`, `stateDirectory`), appsettings.json,
/// AITBC_MINER_* environment variables and command-line flags all feed the same object. A miner never holds a
/// database credential: it finds the silos through the cluster's HTTP gateway (or a static list) and connects over TLS
/// with the client certificate it got at enrolment.
/// </summary>
public sealed class MinerOptions
{
    /// <summary>
    /// "localhost" for a development cluster, or the production cluster's HTTP gateway URL: the daemon reads the live
    /// silo gateways from its GET /v1/cluster/gateways (with the miner's credential) and connects to them over TLS.
    /// </summary>
    public string Coordinator { get; set; } = "localhost";

    /// <summary>Instead of asking the coordinator: the silo gateways themselves, "host:port,..." (static or DNS).</summary>
    public string? SiloGateways { get; set; }

    /// <summary>The gateway's HTTP base address, for enrolment, model downloads and staking (defaults to the coordinator URL).</summary>
    public string? GatewayUrl { get; set; } = "http://localhost:8080";

    /// <summary>Defaults to "miner-" plus the first 16 hex digits of the identity key's fingerprint.</summary>
    public string? MinerId { get; set; }

    public string? OwnerAccountId { get; set; }

    public MinerLocation? Location { get; set; }

    /// <summary>Where the rig is, as a city of the world-cities table ("Frankfurt", "Portland,US"), when Location is not set.</summary>
    public string? City { get; set; }

    public decimal PriceFloor { get; set; } = 0.0001m;

    public double? PowerBudgetW { get; set; }

    /// <summary>IANA time zone of the availability windows.</summary>
    public string ScheduleTimeZone { get; set; } = "UTC";

    /// <summary>Daily windows like "22:00-06:00"; empty means always available.</summary>
    public List<string> AvailabilityWindows { get; set; } = [];

    /// <summary>
    /// How long a run may go before the daemon tells the cluster it started; a run that reports sooner is acknowledged
    /// by its result (0: at once). Capped at a tenth of the acknowledgement timeout each assignment carries (the
    /// cluster's Aitbc:Jobs:DispatchAckTimeout, 30 s by default).
    /// </summary>
    public double AcknowledgeAfterMs { get; set; } = 200;

    /// <summary>Jobs each device runs at once.</summary>
    public int Concurrency { get; set; } = 1;

    public double HeartbeatIntervalSeconds { get; set; } = 15;

    /// <summary>How often the vendor tools are polled for temperature, power, utilisation, memory and clocks.</summary>
    public double TelemetryIntervalSeconds { get; set; } = 5;

    /// <summary>Read NVIDIA GPUs through NVML where the driver's library loads (false: poll nvidia-smi).</summary>
    public bool UseNvml { get; set; } = true;

    /// <summary>The local thermal guard's bands (the cluster's defaults): no new work at Critical, running jobs stopped at Shutdown.</summary>
    public MinerThermalOptions Thermal { get; set; } = new();

    /// <summary>How often the download rate from the gateway is probed (0: only model downloads measure it).</summary>
    public double BandwidthProbeIntervalSeconds { get; set; } = 1800;

    /// <summary>Attest each rig (software attestation) after registering and before the attestation expires.</summary>
    public bool Attest { get; set; } = true;

    /// <summary>The share of an attestation's lifetime after which the daemon attests again (0.8: at 19.2 h of 24 h).</summary>
    public double AttestationRenewAt { get; set; } = 0.8;

    /// <summary>How long a stopping daemon waits for running jobs before handing them back.</summary>
    public double DrainTimeoutSeconds { get; set; } = 120;

    public string StateDirectory { get; set; } = Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "aitbc-miner");

    public string? IdentityKeyPath { get; set; }

    public string? CacheDirectory { get; set; }

    public long CacheMaxBytes { get; set; } = 20L * 1024 * 1024 * 1024;

    /// <summary>Register the CPU as a device too (always, when no GPU is found).</summary>
    public bool OfferCpu { get; set; } = true;

    /// <summary>Virtual GPUs to register instead of the detected devices (demos, load tests).</summary>
    public int Simulate { get; set; }

    /// <summary>With Simulate: answer jobs after this delay with zero outputs instead of running ONNX Runtime.</summary>
    public double? SyntheticDelayMs { get; set; }

    public int SimulationSeed { get; set; } = 42;

    public string KeyPath => IdentityKeyPath ?? Path.Combine(StateDirectory, "identity.key");

    /// <summary>The client certificate the cluster issued at enrolment, beside the identity key.</summary>
    public string CertificatePath => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(KeyPath))!, "certificate.pem");

    /// <summary>The cluster CA the certificate came from: the only root the daemon trusts for silos.</summary>
    public string AuthorityPath => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(KeyPath))!, "cluster-ca.pem");

    /// <summary>The enrolment answer (miner id, owner, the miner's API key for the gateway), mode 0600.</summary>
    public string EnrollmentPath => Path.Combine(StateDirectory, "enrollment.json");

    public string ModelCacheDirectory => CacheDirectory ?? Path.Combine(StateDirectory, "models");

    public TimeSpan HeartbeatInterval => TimeSpan.FromSeconds(HeartbeatIntervalSeconds);

    public TimeSpan TelemetryInterval => TimeSpan.FromSeconds(TelemetryIntervalSeconds);
}
