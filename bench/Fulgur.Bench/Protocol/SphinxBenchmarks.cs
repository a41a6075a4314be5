using BenchmarkDotNet.Attributes;
using Fulgur.Crypto;
using Fulgur.Protocol.Onion;

namespace Fulgur.Bench.Protocol;

/// <summary>
/// BOLT 4 onions: what the payer pays to build one (5 and 20 hops), what each forwarding node pays to peel its layer,
/// and what the payer pays to attribute a failure returned from the last of 5 hops.
/// Targets (design.md): peel under 60 µs, 20-hop build under 1 ms.
/// </summary>
[MemoryDiagnoser]
public class SphinxBenchmarks
{
    private readonly byte[] _paymentHash = Sha256.Hash("fulgur-bench"u8);
    private PrivateKey _sessionKey = null!;
    private PrivateKey[] _nodeKeys = null!;
    private SphinxHop[] _route5 = null!;
    private SphinxHop[] _route20 = null!;
    private OnionPacket _packet = null!;
    private byte[] _failureFromLastHop = null!;
    private IReadOnlyList<SharedSecret> _secrets5 = null!;

    [GlobalSetup]
    public void Setup()
    {
        _sessionKey = PrivateKey.FromHex("4141414141414141414141414141414141414141414141414141414141414141");
        _nodeKeys = [.. Enumerable.Range(1, 20).Select(i => PrivateKey.Create(Sha256.Hash(BitConverter.GetBytes(i))))];
        // A realistic intermediate payload: amt_to_forward, outgoing_cltv_value and short_channel_id TLVs (21 bytes).
        var payload = Hex.Decode("020408f0d18004030c350006080000010000010000");
        _route5 = [.. _nodeKeys.Take(5).Select(k => new SphinxHop(k.PublicKey, payload))];
        _route20 = [.. _nodeKeys.Take(20).Select(k => new SphinxHop(k.PublicKey, payload))];
        var built = SphinxBuilder.Build(_sessionKey, _route5, _paymentHash);
        _packet = built.Packet;
        _secrets5 = built.SharedSecrets;
        var failure = FailurePacket.Create(_secrets5[4], Hex.Decode("400f"));
        for (var i = 3; i >= 0; i--)
            failure = FailurePacket.Forward(_secrets5[i], failure);
        _failureFromLastHop = failure;
    }

    [Benchmark(Description = "Sphinx build, 5 hops")]
    public SphinxBuildResult Build5() => SphinxBuilder.Build(_sessionKey, _route5, _paymentHash);

    [Benchmark(Description = "Sphinx build, 20 hops")]
    public SphinxBuildResult Build20() => SphinxBuilder.Build(_sessionKey, _route20, _paymentHash);

    [Benchmark(Description = "Sphinx peel, one hop")]
    public PeeledHop? Peel()
    {
        SphinxPeeler.TryPeel(_nodeKeys[0], _packet, _paymentHash, out var hop, out _);
        return hop;
    }

    [Benchmark(Description = "Failure attribution, erring hop 5 of 5")]
    public UnwrappedFailure? Unwrap()
    {
        FailurePacket.TryUnwrap(_failureFromLastHop, _secrets5, out var failure);
        return failure;
    }
}
