using CsCheck;
using Fulgur.Protocol.Channels;

namespace Fulgur.Protocol.Tests.Channels;

public sealed class CommitmentObscurerTests
{
    [SkippableFact]
    public void Obscuring_factor_reference_test_vector()
    {
        var c = CommitmentVectors.Load();
        // "# obscured commitment number = 0x2bb038521914 ^ 42"
        var obscurer = CommitmentObscurer.FromPaymentBasepoints(c.LocalPaymentBasepoint, c.RemotePaymentBasepoint);
        Assert.Equal(0x2bb038521914UL, obscurer.Factor);
        Assert.Equal(0x2bb038521914UL ^ 42, obscurer.Obscure(new CommitmentNumber(42)));
    }

    [Fact]
    public void Locktime_and_sequence_carry_the_tags_and_round_trip()
    {
        Gen.Select(Gen.ULong[0, CommitmentNumber.MaxValue], Gen.ULong[0, CommitmentNumber.MaxValue]).Sample((factor, n) =>
        {
            var obscurer = new CommitmentObscurer(factor);
            var number = new CommitmentNumber(n);
            var locktime = obscurer.Locktime(number);
            var sequence = obscurer.Sequence(number);
            return locktime >> 24 == 0x20 && sequence >> 24 == 0x80
                && obscurer.TryRecover(locktime, sequence, out var back) && back == number;
        });
    }

    [Fact]
    public void Recover_refuses_untagged_values()
    {
        var obscurer = new CommitmentObscurer(0x2bb038521914);
        Assert.False(obscurer.TryRecover(0, 0xffffffff, out _));
        Assert.False(obscurer.TryRecover(0x20000000, 0, out _));
        Assert.True(obscurer.TryRecover(0x20000000, 0x80000000, out var n));
        Assert.Equal(0x2bb038521914UL, n.Value);
    }

    [Fact]
    public void Commitment_number_maps_to_secret_index()
    {
        Assert.Equal(CommitmentNumber.MaxValue, new CommitmentNumber(0).SecretIndex);
        Assert.Equal(new CommitmentNumber(3), CommitmentNumber.FromSecretIndex(CommitmentNumber.MaxValue - 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CommitmentNumber(CommitmentNumber.MaxValue + 1));
    }
}
