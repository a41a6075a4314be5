using System.Globalization;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Crypto;
using Fulgur.Protocol.Channels;
using Fulgur.Protocol.Types;

namespace Fulgur.Protocol.Tests.Channels;

/// <summary>
/// Spec drift: each witness script we build, read back op by op, must match the script text of BOLT 3 (the indented
/// blocks under each output's heading), with every key, hash and number standing in for its placeholder.
/// </summary>
public sealed class ScriptTemplateTests
{
    private const ushort ToSelfDelay = 1000;
    private const uint CltvExpiry = 500_000;

    private static readonly PublicKey RevocationKey = Key(1);
    private static readonly PublicKey LocalHtlcKey = Key(2);
    private static readonly PublicKey RemoteHtlcKey = Key(3);
    private static readonly PublicKey LocalDelayedKey = Key(4);
    private static readonly PublicKey RemoteKey = Key(5);
    private static readonly PublicKey FundingKey = Key(6);
    private static readonly PaymentHash Hash = PaymentHash.FromSpan(Sha256.Hash([7]));

    private static PublicKey Key(byte n)
    {
        var secret = new byte[32];
        secret[31] = n;
        using var key = PrivateKey.Create(secret);
        return key.PublicKey;
    }

    /// <summary>Our script as the spec would write it.</summary>
    private static List<string> Tokens(Script script)
    {
        var names = new Dictionary<string, string>
        {
            [RevocationKey.ToHex()] = "<revocationpubkey>",
            [LocalHtlcKey.ToHex()] = "<local_htlcpubkey>",
            [RemoteHtlcKey.ToHex()] = "<remote_htlcpubkey>",
            [LocalDelayedKey.ToHex()] = "<local_delayedpubkey>",
            [RemoteKey.ToHex()] = "<remotepubkey>",
            [FundingKey.ToHex()] = "<local_funding_pubkey/remote_funding_pubkey>",
            [Hex.Encode(Hash160.Hash(RevocationKey.Compressed))] = "<RIPEMD160(SHA256(revocationpubkey))>",
            [Hex.Encode(Ripemd160.Hash(Hash.ToArray()))] = "<RIPEMD160(payment_hash)>",
        };
        Assert.True(script.TryGetOps(out var ops, out var error), error);
        var tokens = new List<string>();
        foreach (var op in ops)
        {
            if (op.SmallInteger is { } small)
            {
                tokens.Add(small.ToString(CultureInfo.InvariantCulture));
            }
            else if (op.IsDataPush && op.Opcode != Opcode.Op0)
            {
                var hex = Hex.Encode(op.Push.Span);
                if (names.TryGetValue(hex, out var name))
                {
                    tokens.Add(name);
                    continue;
                }
                Assert.True(ScriptNum.TryDecode(op.Push.Span, requireMinimal: true, 5, out var number, out _), $"unexpected push {hex}");
                tokens.Add(number switch
                {
                    ToSelfDelay => "to_self_delay",
                    CltvExpiry => "<cltv_expiry>",
                    _ => number.ToString(CultureInfo.InvariantCulture),
                });
            }
            else
            {
                tokens.Add(OpcodeNames.GetName(op.Opcode));
            }
        }
        return tokens;
    }

    /// <summary>The indented code blocks of the section under <paramref name="heading"/>, as spec tokens.</summary>
    private static List<List<string>> Blocks(string heading)
    {
        var lines = Bolt3Spec.Section(heading, "#");
        var blocks = new List<List<string>>();
        List<string>? current = null;
        foreach (var line in lines)
        {
            var indented = line.StartsWith("    ", StringComparison.Ordinal) || line.StartsWith('\t');
            if (!indented)
            {
                current = null;
                continue;
            }
            if (current is null)
            {
                current = [];
                blocks.Add(current);
            }
            var code = line.Split('#')[0];
            foreach (var token in code.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
                current.Add(token == "OP_16" ? "16" : token.Trim('`'));
        }
        return blocks;
    }

    [SkippableFact]
    public void To_local_matches_the_spec()
    {
        var ours = Tokens(Bolt3Scripts.ToLocal(RevocationKey, new ToSelfDelay(ToSelfDelay), LocalDelayedKey));
        Assert.Equal(Blocks("#### `to_local` Output")[0], ours);
        // The HTLC transactions' output uses the same script.
        Assert.Equal(Blocks("## HTLC-Timeout and HTLC-Success Transactions")[0], ours);
    }

    [SkippableFact]
    public void To_remote_with_anchors_matches_the_spec() =>
        Assert.Equal(Blocks("#### `to_remote` Output")[0], Tokens(Bolt3Scripts.ToRemoteAnchored(RemoteKey)));

    [SkippableFact]
    public void Anchor_matches_the_spec() =>
        Assert.Equal(
            Blocks("#### `to_local_anchor` and `to_remote_anchor` Output (option_anchors)")[0], Tokens(Bolt3Scripts.Anchor(FundingKey)));

    [SkippableTheory]
    [InlineData(CommitmentFormat.StaticRemoteKey, 0)]
    [InlineData(CommitmentFormat.AnchorOutputs, 1)]
    public void Offered_htlc_matches_the_spec(CommitmentFormat format, int block)
    {
        var ours = Tokens(Bolt3Scripts.OfferedHtlc(RevocationKey, LocalHtlcKey, RemoteHtlcKey, Hash, format));
        Assert.Equal(Blocks("#### Offered HTLC Outputs")[block], ours);
    }

    [SkippableTheory]
    [InlineData(CommitmentFormat.StaticRemoteKey, 0)]
    [InlineData(CommitmentFormat.AnchorOutputs, 1)]
    public void Received_htlc_matches_the_spec(CommitmentFormat format, int block)
    {
        var ours = Tokens(Bolt3Scripts.ReceivedHtlc(RevocationKey, LocalHtlcKey, RemoteHtlcKey, Hash, new CltvExpiry(CltvExpiry), format));
        Assert.Equal(Blocks("#### Received HTLC Outputs")[block], ours);
    }

    [Fact]
    public void Funding_script_sorts_the_keys()
    {
        var a = Key(8);
        var b = Key(9);
        var (first, second) = Bolt3Scripts.SortKeys(a, b);
        Assert.True(first.Compressed.SequenceCompareTo(second.Compressed) < 0);
        Assert.Equal(Bolt3Scripts.Funding(a, b), Bolt3Scripts.Funding(b, a));
        Assert.Equal($"2 {first.ToHex()} {second.ToHex()} 2 OP_CHECKMULTISIG", Bolt3Scripts.Funding(a, b).ToAsm());
    }
}
