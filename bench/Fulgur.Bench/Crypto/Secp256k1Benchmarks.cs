using BenchmarkDotNet.Attributes;
using Fulgur.Crypto;

namespace Fulgur.Bench.Crypto;

/// <summary>The elliptic-curve operations every BOLT 8 handshake, onion hop and commitment signature pays for.</summary>
[MemoryDiagnoser]
public class Secp256k1Benchmarks
{
    private readonly PrivateKey _key = PrivateKey.FromHex("1111111111111111111111111111111111111111111111111111111111111111");
    private readonly PublicKey _other = PrivateKey.FromHex("2222222222222222222222222222222222222222222222222222222222222222").PublicKey;
    private readonly byte[] _digest = Sha256.Hash("fulgur"u8);
    private readonly byte[] _ecdhOutput = new byte[32];
    private EcdsaSignature _signature = null!;

    [GlobalSetup]
    public void Setup() => _signature = _key.Sign(_digest);

    [Benchmark(Description = "ECDH (SHA256 of shared point)")]
    public byte[] Ecdh()
    {
        _key.Ecdh(_other, _ecdhOutput);
        return _ecdhOutput;
    }

    [Benchmark(Description = "ECDSA sign (RFC 6979)")]
    public EcdsaSignature Sign() => _key.Sign(_digest);

    [Benchmark(Description = "ECDSA verify")]
    public bool Verify() => _key.PublicKey.Verify(_digest, _signature);

    [Benchmark(Description = "Public key tweak-add")]
    public PublicKey TweakAdd() => _other.TweakAdd(_digest);
}
