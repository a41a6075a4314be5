using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Fulgur.Crypto;

namespace Fulgur.Bench.Crypto;

/// <summary>The symmetric primitives on the hot paths: BOLT 4's 1300-byte ChaCha20 streams and BOLT 8's AEAD.</summary>
[MemoryDiagnoser]
public class SymmetricBenchmarks
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _nonce = new byte[12];
    private readonly byte[] _buffer = new byte[1300];
    private readonly byte[] _tag = new byte[16];
    private ChaCha20Poly1305 _aead = null!;

    [GlobalSetup]
    public void Setup() => _aead = new ChaCha20Poly1305(_key);

    [GlobalCleanup]
    public void Cleanup() => _aead.Dispose();

    [Benchmark(Description = "ChaCha20 keystream, 1300 bytes")]
    public byte[] Keystream()
    {
        ChaCha20.Keystream(_key, _nonce, 0, _buffer);
        return _buffer;
    }

    [Benchmark(Description = "ChaCha20-Poly1305 seal, 1300 bytes")]
    public byte[] Seal()
    {
        _aead.Encrypt(_nonce, _buffer, _buffer, _tag);
        return _buffer;
    }

    [Benchmark(Description = "HMAC-SHA256, 1300 bytes")]
    public byte[] Hmac() => HmacSha256.Compute(_key, _buffer);
}
