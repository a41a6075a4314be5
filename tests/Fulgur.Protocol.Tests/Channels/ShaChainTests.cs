using CsCheck;
using Fulgur.Crypto;
using Fulgur.Protocol.Channels;

namespace Fulgur.Protocol.Tests.Channels;

public sealed class ShaChainTests
{
    // The names are listed here so the theories have cases without shared/; each case reads its data at run time, and
    // Every_generation_and_storage_vector_is_covered checks the lists against the spec.
    private static readonly string[] GenerationNames =
    [
        "0 final node", "FF final node", "FF alternate bits 1", "FF alternate bits 2", "01 last nontrivial node",
    ];

    private static readonly string[] StorageNames =
    [
        "correct sequence", "#1 incorrect", "#2 incorrect (#1 derived from incorrect)", "#3 incorrect",
        "#4 incorrect (1,2,3 derived from incorrect)", "#5 incorrect", "#6 incorrect (5 derived from incorrect)",
        "#7 incorrect", "#8 incorrect",
    ];

    public static TheoryData<string> GenerationVectors() => new(GenerationNames.Select(n => "generate_from_seed " + n));

    public static TheoryData<string> StorageVectors() => new(StorageNames.Select(n => "insert_secret " + n));

    private static IReadOnlyList<KeyValuePair<string, string>> Vector(string start, string end, string name)
    {
        var groups = Bolt3Spec.Named(Bolt3Spec.Pairs(Bolt3Spec.Section(start, end)));
        var match = groups.Where(g => g.Name == name).ToList();
        Assert.Single(match);
        return match[0].Fields;
    }

    [SkippableTheory]
    [MemberData(nameof(GenerationVectors))]
    public void Generate_from_seed_reference_test_vector(string name)
    {
        var fields = Vector("## Generation Tests", "## Storage Tests", name).ToDictionary(p => p.Key, p => p.Value);
        var generator = new PerCommitmentSecretGenerator(Bolt3Spec.HexBytes(fields["seed"]));
        var secret = generator.SecretAt(Bolt3Spec.Number(fields["I"]));
        Assert.Equal(Hex.Encode(Bolt3Spec.HexBytes(fields["output"])), secret.ToHex());
    }

    [SkippableFact]
    public void Every_generation_and_storage_vector_is_covered()
    {
        var generation = Bolt3Spec.Named(Bolt3Spec.Pairs(Bolt3Spec.Section("## Generation Tests", "## Storage Tests")));
        var storage = Bolt3Spec.Named(Bolt3Spec.Pairs(Bolt3Spec.Section("## Storage Tests", "# Appendix E")));
        Assert.Equal(GenerationNames.Select(n => "generate_from_seed " + n).Order(), generation.Select(g => g.Name).Order());
        Assert.Equal(StorageNames.Select(n => "insert_secret " + n).Order(), storage.Select(g => g.Name).Order());
    }

    [SkippableTheory]
    [MemberData(nameof(StorageVectors))]
    public void Insert_secret_reference_test_vector(string name)
    {
        var fields = Vector("## Storage Tests", "# Appendix E", name);
        var chain = new ShaChain();
        var inserted = new List<(ulong Index, string Secret)>();
        ulong index = 0;
        string secret = "";
        var steps = 0;
        foreach (var (key, value) in fields)
        {
            switch (key)
            {
                case "I":
                    index = Bolt3Spec.Number(value);
                    break;
                case "secret":
                    secret = value;
                    break;
                case "output":
                    var ok = chain.TryInsert(index, PerCommitmentSecret.Create(Bolt3Spec.HexBytes(secret)), out var error);
                    steps++;
                    if (value == "OK")
                    {
                        Assert.True(ok, $"step {steps}: insert of {index} refused with {error}");
                        Assert.Equal(ShaChainError.None, error);
                        inserted.Add((index, Hex.Encode(Bolt3Spec.HexBytes(secret))));
                    }
                    else
                    {
                        Assert.Equal("ERROR", value);
                        Assert.False(ok, $"step {steps}: insert of {index} accepted");
                        Assert.Equal(ShaChainError.IncorrectSecret, error);
                        // A refused secret leaves the store as it was.
                        Assert.Equal(inserted[^1].Index, chain.LowestIndex);
                    }
                    break;
                default:
                    throw new InvalidOperationException($"unexpected field {key}");
            }
        }
        Assert.True(steps >= 2);
        // derive_old_secret: every accepted secret can be recovered.
        foreach (var (i, s) in inserted)
        {
            Assert.True(chain.TryGetSecret(i, out var got));
            Assert.Equal(s, got.ToHex());
        }
    }

    [Fact]
    public void Secrets_must_arrive_in_descending_order_from_the_first_index()
    {
        var generator = new PerCommitmentSecretGenerator(new byte[32]);
        var chain = new ShaChain();
        Assert.False(chain.TryInsert(CommitmentNumber.MaxValue - 1, generator.SecretAt(CommitmentNumber.MaxValue - 1), out var error));
        Assert.Equal(ShaChainError.UnexpectedIndex, error);
        Assert.True(chain.TryInsert(CommitmentNumber.MaxValue, generator.SecretAt(CommitmentNumber.MaxValue), out _));
        Assert.False(chain.TryInsert(CommitmentNumber.MaxValue, generator.SecretAt(CommitmentNumber.MaxValue), out error));
        Assert.Equal(ShaChainError.UnexpectedIndex, error);
        Assert.False(chain.TryInsert(CommitmentNumber.MaxValue - 2, generator.SecretAt(CommitmentNumber.MaxValue - 2), out error));
        Assert.Equal(ShaChainError.UnexpectedIndex, error);
        Assert.Equal(CommitmentNumber.MaxValue - 1, chain.NextIndex);
        Assert.True(chain.TryInsert(new CommitmentNumber(1), generator.SecretFor(new CommitmentNumber(1)), out _));
        Assert.False(chain.IsComplete);
    }

    [Fact]
    public void Unreceived_indices_are_not_derivable()
    {
        var generator = new PerCommitmentSecretGenerator(new byte[32]);
        var chain = new ShaChain();
        Assert.False(chain.TryGetSecret(CommitmentNumber.MaxValue, out _));
        for (var n = 0UL; n < 5; n++)
            Assert.True(chain.TryInsert(CommitmentNumber.MaxValue - n, generator.SecretAt(CommitmentNumber.MaxValue - n), out _));
        Assert.True(chain.TryGetSecret(new CommitmentNumber(4), out var s4));
        Assert.Equal(generator.SecretFor(new CommitmentNumber(4)), s4);
        Assert.False(chain.TryGetSecret(new CommitmentNumber(5), out _));
        Assert.False(chain.TryGetSecret(0, out _));
    }

    private static readonly Gen<(byte[] Seed, int Count)> SequenceGen =
        Gen.Select(Gen.Byte.Array[32], Gen.Int[1, 600]);

    [Fact]
    public void Store_accepts_any_correct_sequence_and_derives_every_secret()
    {
        SequenceGen.Sample(t =>
        {
            var generator = new PerCommitmentSecretGenerator(t.Seed);
            var chain = new ShaChain();
            for (var n = 0; n < t.Count; n++)
            {
                var index = CommitmentNumber.MaxValue - (ulong)n;
                if (!chain.TryInsert(index, generator.SecretAt(index), out _))
                    return false;
            }
            for (var n = 0; n < t.Count; n++)
            {
                var index = CommitmentNumber.MaxValue - (ulong)n;
                if (!chain.TryGetSecret(index, out var got) || !got.Equals(generator.SecretAt(index)))
                    return false;
            }
            // Survives a persistence round trip.
            return ShaChain.TryRead(chain.ToBytes(), out var copy) && copy.ToBytes().AsSpan().SequenceEqual(chain.ToBytes());
        }, iter: 60);
    }

    [Fact]
    public void Store_rejects_a_wrong_secret_at_any_position()
    {
        // A wrong secret at index I is caught when it is inserted if a stored secret must derive from it, and otherwise
        // (I odd: nothing derives from it yet) by the very next insert, whose check covers I's bucket.
        Gen.Select(Gen.Byte.Array[32], Gen.Int[0, 300], Gen.Byte.Array[32]).Sample(t =>
        {
            var (seed, wrongAt, wrongSecret) = t;
            var generator = new PerCommitmentSecretGenerator(seed);
            var chain = new ShaChain();
            for (var n = 0; n <= wrongAt + 1; n++)
            {
                var index = CommitmentNumber.MaxValue - (ulong)n;
                var secret = n == wrongAt ? PerCommitmentSecret.Create(wrongSecret) : generator.SecretAt(index);
                var ok = chain.TryInsert(index, secret, out var error);
                if (n < wrongAt && !ok)
                    return false;
                if (n >= wrongAt && !ok)
                    return error == ShaChainError.IncorrectSecret;
            }
            return false;
        }, iter: 100);
    }

    [Fact]
    public void Serialized_store_rejects_garbage()
    {
        Assert.False(ShaChain.TryRead([], out _));
        Assert.False(ShaChain.TryRead(new byte[ShaChain.SerializedLength - 1], out _));
        Assert.True(ShaChain.TryRead(new byte[ShaChain.SerializedLength], out var empty));
        Assert.Null(empty.LowestIndex);
        Gen.Byte.Array[ShaChain.SerializedLength].Sample(bytes =>
        {
            // Random bytes: whatever the outcome, no exception and a consistent store.
            if (ShaChain.TryRead(bytes, out var chain))
                Assert.Equal(bytes, chain.ToBytes());
        }, iter: 200);
    }

    [Fact]
    public void Per_commitment_secrets_reject_bad_lengths_and_invalid_scalars()
    {
        Assert.False(PerCommitmentSecret.TryCreate(new byte[31], out _));
        Assert.False(PerCommitmentSecret.TryCreate(new byte[33], out _));
        Assert.True(PerCommitmentSecret.TryCreate(new byte[32], out var zero));
        // Zero is not a valid private key: no point, and no exception.
        Assert.False(zero.TryGetPoint(out _));
        Assert.False(zero.TryGetPrivateKey(out _));
        var order = Hex.Decode("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
        Assert.False(PerCommitmentSecret.Create(order).TryGetPoint(out _));
        Assert.Throws<ArgumentException>(() => new PerCommitmentSecretGenerator(new byte[31]));
    }
}
