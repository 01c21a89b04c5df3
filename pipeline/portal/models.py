"""The portal's own records: accounts with a role, API tokens, submissions with their findings, the audit log.

The pipeline's warehouse stays the source of the published figures; the portal keeps what it judged at upload
and what it last read back from the warehouse (see warehouse.py), so that no page waits for a run.
"""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q

KENMERK_LENGTH = 16


def kenmerk_of(sha256: str) -> str:
    """The kenmerk of a file: the start of its SHA-256, as its feedback document shows it."""
    return sha256[:KENMERK_LENGTH]


class Rol(models.TextChoices):
    ZORGKANTOOR = "zorgkantoor", "zorgkantoor"
    ANALIST = "analist", "analist (team WIR)"
    LEZER = "lezer", "lezer (ZN)"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> User:
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password) if password else user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> User:
        fields.update(is_staff=True, is_superuser=True, rol=Rol.ANALIST)
        return self.create_user(email, password, **fields)


class User(AbstractUser):
    """An account, known by its e-mail address; a zorgkantoor account is bound to one zorgkantoor."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("e-mailadres", unique=True)
    naam = models.CharField("naam", max_length=150, blank=True)
    rol = models.CharField("rol", max_length=20, choices=Rol.choices)
    zorgkantoor = models.CharField("zorgkantoor", max_length=100, blank=True,
                                   help_text="Alleen voor de rol zorgkantoor: de concessiehouder.")
    mag_goedkeuren = models.BooleanField("mag de rapportage goedkeuren", default=False,
                                         help_text="Alleen voor de rol lezer (ZN).")

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()

    class Meta:
        verbose_name = "gebruiker"
        verbose_name_plural = "gebruikers"
        constraints = [models.CheckConstraint(
            condition=(Q(rol="zorgkantoor") & ~Q(zorgkantoor="")) | (~Q(rol="zorgkantoor") & Q(zorgkantoor="")),
            name="zorgkantoor_alleen_bij_rol_zorgkantoor")]

    def __str__(self) -> str:
        return self.email

    @property
    def is_zorgkantoor(self) -> bool:
        return self.rol == Rol.ZORGKANTOOR

    @property
    def is_analist(self) -> bool:
        return self.rol == Rol.ANALIST

    @property
    def can_approve(self) -> bool:
        return self.rol == Rol.LEZER and self.mag_goedkeuren and self.is_active


class ApiToken(models.Model):
    """One API token per account, stored as its SHA-256 only; a new one replaces the old."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="api_token")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    @staticmethod
    def hash(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user: User) -> str:
        key = secrets.token_urlsafe(32)
        cls.objects.update_or_create(user=user, defaults={"key_hash": cls.hash(key)})
        return key


class Bron(models.TextChoices):
    PORTAAL = "portaal", "portaal"
    API = "api", "API"
    MAP = "map", "map met aanleveringen"  # e-mailed and put in the raw folder by team WIR


class Submission(models.Model):
    """One received file of a zorgkantoor, as the portal judged it and as the pipeline later judged it."""

    kenmerk = models.CharField(max_length=KENMERK_LENGTH)  # kenmerk_of(sha256)
    zorgkantoor = models.CharField(max_length=100, db_index=True)
    peildatum = models.CharField(max_length=7, blank=True)  # YYYY-MM as read from the file; '' if unreadable
    bron = models.CharField(max_length=10, choices=Bron.choices)
    uploaded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL)
    original_name = models.CharField("bestandsnaam van de inzender", max_length=255)  # shown, never a path
    file_name = models.CharField("bestandsnaam in de map met aanleveringen", max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    size_bytes = models.BigIntegerField()
    received_at = models.DateTimeField("ontvangen op")
    archive_path = models.CharField(max_length=500)
    handed_to_pipeline = models.BooleanField(default=True)  # False: refused before the raw folder
    status = models.CharField(max_length=20)  # geaccepteerd | afgewezen
    errors = models.IntegerField(default=0)
    warnings = models.IntegerField(default=0)
    compared_with_history = models.BooleanField(default=False)
    # Read back from the warehouse once the pipeline has judged the file:
    pipeline_status = models.CharField(max_length=20, blank=True)
    in_force = models.BooleanField(null=True)
    locked_at = models.DateTimeField(null=True, blank=True)  # arrived after its peildatum was vastgesteld
    pipeline_seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "aanlevering"
        verbose_name_plural = "aanleveringen"
        ordering = ["-received_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["zorgkantoor", "sha256"], name="een_bestand_eenmaal"),
                       models.UniqueConstraint(fields=["zorgkantoor", "kenmerk"], name="kenmerk_per_zorgkantoor")]

    def __str__(self) -> str:
        return f"{self.kenmerk} ({self.zorgkantoor})"

    @property
    def verdict(self) -> str:
        return self.pipeline_status or self.status

    @property
    def latest_review(self) -> Review | None:
        return self.reviews.first()

    @property
    def peildatum_label(self) -> str:
        from pipeline.periods import long_label

        return long_label(self.peildatum) if self.peildatum else "onbekend"


class Finding(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="findings")
    number = models.IntegerField()
    ernst = models.CharField(max_length=20)
    regel = models.CharField(max_length=60)
    tabblad = models.CharField(max_length=100, blank=True)
    rij = models.IntegerField(null=True, blank=True)
    kolom = models.CharField(max_length=200, blank=True)
    waarde = models.TextField(blank=True)
    melding = models.TextField()
    wat_te_doen = models.TextField()

    class Meta:
        verbose_name = "bevinding"
        verbose_name_plural = "bevindingen"
        ordering = ["submission", "number"]


class WarehouseState(models.Model):
    """What the portal last read from the warehouse: per peildatum the status rows and locks (one row)."""

    refreshed_at = models.DateTimeField(null=True)
    status = models.JSONField(default=dict)  # {peildatum: {zorgkantoor: status_overview row}}
    locks = models.JSONField(default=dict)  # {peildatum: 'Vastgesteld op … door …'}
    lock_reasons = models.JSONField(default=dict)  # {peildatum: the lock's reason, e.g. ZN's approval}
    quality = models.JSONField(default=dict)  # {peildatum: the Datakwaliteit table (tables/quality.py) as rows}


class Actie(models.TextChoices):
    INLOGGEN = "inloggen", "ingelogd"
    INLOGGEN_MISLUKT = "inloggen_mislukt", "inloggen mislukt"
    GEBLOKKEERD = "geblokkeerd", "geblokkeerd na mislukte pogingen"
    UITLOGGEN = "uitloggen", "uitgelogd"
    AANLEVERING = "aanlevering", "aanlevering ontvangen"
    CONTROLE = "controle", "bestand gecontroleerd (niet ingediend)"
    GEWEIGERD = "geweigerd", "upload geweigerd"
    DOWNLOAD = "download", "download"
    ACCOUNT_AANGEMAAKT = "account_aangemaakt", "account aangemaakt"
    ACCOUNT_GEWIJZIGD = "account_gewijzigd", "account gewijzigd"
    ACCOUNT_VERWIJDERD = "account_verwijderd", "account verwijderd"
    WACHTWOORD = "wachtwoord", "wachtwoord ingesteld"
    TOKEN = "token", "API-token uitgegeven"
    TERUGGESTUURD = "teruggestuurd", "aanlevering teruggestuurd ter correctie"
    GOEDKEURING = "goedkeuring", "besluit over de conceptrapportage"
    VASTGESTELD = "vastgesteld", "peildatum vastgesteld"
    HEROPEND = "heropend", "peildatum heropend"
    E_MAIL = "e_mail", "e-mail verzonden"
    E_MAIL_MISLUKT = "e_mail_mislukt", "e-mail niet verzonden"
    OORDEEL = "oordeel", "oordeel van de verwerking"
    VERWERKING = "verwerking", "verwerking gestart"


class AuditEvent(models.Model):
    """One line of the audit log; the e-mail address is kept as text so the line outlives the account."""

    at = models.DateTimeField("tijdstip", auto_now_add=True, db_index=True)
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    email = models.CharField("gebruiker", max_length=254, blank=True)
    actie = models.CharField(max_length=30, choices=Actie.choices)
    zorgkantoor = models.CharField(max_length=100, blank=True)
    kenmerk = models.CharField(max_length=KENMERK_LENGTH, blank=True)
    peildatum = models.CharField(max_length=7, blank=True, db_index=True)
    detail = models.TextField(blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    # The warehouse event (vaststellen or heropenen, pipeline/portal/warehouse.py: event_key) this line records:
    # the portal copies each one once, and its own line for an action it ran carries the key too.
    bron = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = "logregel"
        verbose_name_plural = "logboek"
        ordering = ["-at", "-id"]


class Beoordeling(models.TextChoices):
    TERUGGESTUURD = "teruggestuurd", "teruggestuurd ter correctie"


class Review(models.Model):
    """One step in the review of a submission by team WIR, with its comment; the latest step is its state."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="reviews")
    state = models.CharField("beoordeling", max_length=20, choices=Beoordeling.choices)
    comment = models.TextField("toelichting")
    by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    by_email = models.CharField("door", max_length=254)  # kept as text so the history outlives the account
    at = models.DateTimeField("tijdstip", auto_now_add=True)

    class Meta:
        verbose_name = "beoordeling"
        verbose_name_plural = "beoordelingen"
        ordering = ["-at", "-id"]


class Besluit(models.TextChoices):
    GOEDGEKEURD = "goedgekeurd", "goedgekeurd"
    WIJZIGINGEN = "wijzigingen", "wijzigingen gevraagd"
    VASTGESTELD = "vastgesteld", "vastgesteld"
    HEROPEND = "heropend", "heropend"


class ReportDecision(models.Model):
    """One step in a peildatum's approval: ZN approves or asks for changes, team WIR vaststelt or heropent.

    The latest step is the state: an approval counts for vaststellen only while no later step came after it.
    """

    peildatum = models.CharField(max_length=7, db_index=True)
    besluit = models.CharField(max_length=20, choices=Besluit.choices)
    comment = models.TextField("toelichting", blank=True)
    by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    by_email = models.CharField("door", max_length=254)
    at = models.DateTimeField("tijdstip", auto_now_add=True)

    class Meta:
        verbose_name = "besluit over de rapportage"
        verbose_name_plural = "besluiten over de rapportage"
        ordering = ["-at", "-id"]


class Bericht(models.TextChoices):
    """The kinds of e-mail the portal sends (mail.py, notices.py)."""

    UITNODIGING = "uitnodiging", "uitnodiging met template"
    HERINNERING = "herinnering", "herinnering voor de deadline"
    TERUGKOPPELING = "terugkoppeling", "oordeel over een aanlevering"
    TERUGGESTUURD = "teruggestuurd", "aanlevering teruggestuurd ter correctie"
    GOEDKEURINGSVERZOEK = "goedkeuringsverzoek", "verzoek om goedkeuring van de conceptrapportage"


class SentMail(models.Model):
    """One e-mail that went out. Its key names the notice (which peildatum, zorgkantoor, day or submission), so
    the same notice is never sent twice: the row is claimed before sending and dropped again if sending failed."""

    key = models.CharField(max_length=200, unique=True)
    soort = models.CharField(max_length=30, choices=Bericht.choices)
    peildatum = models.CharField(max_length=7, blank=True)
    zorgkantoor = models.CharField(max_length=100, blank=True)
    recipients = models.TextField("aan")
    subject = models.CharField("onderwerp", max_length=300)
    at = models.DateTimeField("verzonden op", auto_now_add=True)

    class Meta:
        verbose_name = "verzonden e-mail"
        verbose_name_plural = "verzonden e-mails"
        ordering = ["-at", "-id"]
